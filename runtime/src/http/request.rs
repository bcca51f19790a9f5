//! What a handler sees of the request, built as `next start` builds it:
//! the canonical path (or the redirect to it), `request.url` (origin and
//! normalised query), the `x-forwarded-*` headers, and the body under its
//! size limit.

use std::borrow::Cow;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use deno_core::url::form_urlencoded;
use edgeroute_http::IncomingBody;
use http::{HeaderMap, Method};
use http_body_util::BodyExt;
use hyper::body::Incoming;

use super::limit::{BodyFault, LimitedBody};
use super::reject::Reject;

/// Where Next.js redirects a path that is not canonical; `None` when it
/// is. As `next start` does it: first backslashes become slashes and runs
/// of slashes collapse (so `/\\evil.example/` can never become a
/// `Location` a browser reads as another host), else a trailing slash is
/// dropped.
pub(crate) fn canonical_location(
  path: &str,
  query: Option<&str>,
) -> Option<String> {
  let mut canonical = String::with_capacity(path.len());
  if path.contains('\\') || path.contains("//") {
    for c in path.chars() {
      let c = if c == '\\' { '/' } else { c };
      if !(c == '/' && canonical.ends_with('/')) {
        canonical.push(c);
      }
    }
  } else if path.len() > 1 && path.ends_with('/') {
    canonical.push_str(path.trim_end_matches('/'));
    if canonical.is_empty() {
      canonical.push('/');
    }
  } else {
    return None;
  }
  if let Some(query) = query {
    canonical.push('?');
    canonical.push_str(query);
  }
  Some(canonical)
}

/// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host, and it is
/// a valid authority; a server must answer 400 otherwise.
pub(crate) fn valid_host(version: http::Version, headers: &HeaderMap) -> bool {
  let mut hosts = headers.get_all(http::header::HOST).iter();
  match (hosts.next(), hosts.next()) {
    (None, _) => version < http::Version::HTTP_11,
    (Some(host), None) => host
      .to_str()
      .ok()
      .and_then(|h| h.parse::<http::uri::Authority>().ok())
      .is_some_and(|a| !a.as_str().contains('@')),
    (Some(_), Some(_)) => false,
  }
}

/// `request.url` as `next start` builds it: `localhost` and the listening
/// port whatever the Host header says, `https` when `x-forwarded-proto`
/// says so, and the query normalised ([`next_query`]).
pub(crate) fn request_url(
  listen_port: u16,
  headers: &HeaderMap,
  path: &str,
  query: Option<&str>,
) -> String {
  let https = headers
    .get("x-forwarded-proto")
    .and_then(|v| v.to_str().ok())
    .is_some_and(|v| v.contains("https"));
  let scheme = if https { "https" } else { "http" };
  match query.and_then(next_query) {
    Some(query) => format!("{scheme}://localhost:{listen_port}{path}?{query}"),
    None => format!("{scheme}://localhost:{listen_port}{path}"),
  }
}

/// The query string as Next.js hands it to handlers: parsed and written
/// back, so values of a repeated key sit together (first-seen key order)
/// and the encoding is `application/x-www-form-urlencoded`'s (`flag` ->
/// `flag=`, `%20` -> `+`). `None` for an empty query. The one owner of
/// this rule: `nextUrl` is built from `request.url` and keeps its search.
fn next_query(query: &str) -> Option<String> {
  // Values grouped by key in first-seen key order, in one pass: a query of
  // thousands of distinct keys costs what one of thousands of values does.
  let mut groups: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
  let mut index: HashMap<Cow<'_, str>, usize> = HashMap::new();
  for (key, value) in form_urlencoded::parse(query.as_bytes()) {
    match index.get(&key) {
      Some(&at) => groups[at].1.push(value),
      None => {
        index.insert(key.clone(), groups.len());
        groups.push((key, vec![value]));
      }
    }
  }
  if groups.is_empty() {
    return None;
  }
  let mut out = form_urlencoded::Serializer::new(String::new());
  for (key, values) in &groups {
    for value in values {
      out.append_pair(key, value);
    }
  }
  Some(out.finish())
}

/// Adds the `x-forwarded-*` request headers `next start` adds when the
/// client did not send them.
pub(crate) fn add_forwarded_headers(
  headers: &mut HeaderMap,
  peer: SocketAddr,
  listen_port: u16,
) {
  let mut add = |name: &'static str, value: String| {
    if !headers.contains_key(name)
      && let Ok(value) = http::HeaderValue::from_str(&value)
    {
      headers.insert(name, value);
    }
  };
  add("x-forwarded-for", peer.ip().to_canonical().to_string());
  add("x-forwarded-port", listen_port.to_string());
  add("x-forwarded-proto", "http".to_owned());
  if let Some(host) = headers.get(http::header::HOST).cloned()
    && !headers.contains_key("x-forwarded-host")
  {
    headers.insert("x-forwarded-host", host);
  }
}

/// The request body under `limit` bytes, with pauses of at most `pause`:
/// GET and HEAD have none; a declared length past the limit is refused
/// before the handler runs, and a body that grows past it or stalls fails
/// to read and notes it in the returned fault (the answer is then 413 or
/// 408, not the handler's failure).
pub(crate) fn limited_body(
  method: &Method,
  headers: &HeaderMap,
  body: Incoming,
  limit: u64,
  pause: Duration,
) -> Result<(Option<IncomingBody>, Arc<BodyFault>), Reject> {
  let declared = headers
    .get(http::header::CONTENT_LENGTH)
    .and_then(|v| v.to_str().ok())
    .and_then(|v| v.parse::<u64>().ok());
  if declared.is_some_and(|len| len > limit) {
    return Err(Reject::TooLarge(limit));
  }
  let fault = Arc::new(BodyFault::default());
  let body = match *method {
    Method::GET | Method::HEAD => None,
    _ => Some(LimitedBody::new(body, limit, pause, fault.clone()).boxed()),
  };
  Ok((body, fault))
}

#[cfg(test)]
mod tests {
  use std::time::{Duration, Instant};

  use super::next_query;

  #[test]
  fn the_query_is_grouped_by_key_in_first_seen_order_and_form_encoded() {
    assert_eq!(
      next_query("b=1&a=2&b=3&flag&sp=a%20b").as_deref(),
      Some("b=1&b=3&a=2&flag=&sp=a+b")
    );
    assert_eq!(next_query(""), None);
  }

  #[test]
  fn the_query_rewrite_is_linear_in_the_number_of_distinct_keys() {
    // 100,000 distinct keys: a pass per key over all pairs would be 10^10
    // steps.
    let query: String = (0..100_000).map(|i| format!("k{i}=v&")).collect();
    let started = Instant::now();
    let out = next_query(&query).unwrap_or_default();
    let took = started.elapsed();
    assert!(out.starts_with("k0=v&k1=v&k2=v"), "{}", &out[..20]);
    assert!(took < Duration::from_secs(3), "took {took:?}");
  }
}
