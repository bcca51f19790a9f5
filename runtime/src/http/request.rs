//! What a handler sees of the request, built as `next start` builds it:
//! the canonical path (or the redirect to it), `request.url` (origin and
//! normalised query), the `x-forwarded-*` headers, and the body under its
//! size limit.

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

/// Where Next.js redirects a path with a trailing slash or repeated
/// slashes; `None` when the path is already canonical.
pub(crate) fn canonical_location(
  path: &str,
  query: Option<&str>,
) -> Option<String> {
  let repeated = path.contains("//");
  let trailing = path.len() > 1 && path.ends_with('/');
  if !repeated && !trailing {
    return None;
  }
  let mut canonical = String::with_capacity(path.len());
  for segment in path.split('/').filter(|s| !s.is_empty()) {
    canonical.push('/');
    canonical.push_str(segment);
  }
  if canonical.is_empty() {
    canonical.push('/');
  }
  if let Some(query) = query {
    canonical.push('?');
    canonical.push_str(query);
  }
  Some(canonical)
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
  let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
    .map(|(k, v)| (k.into_owned(), v.into_owned()))
    .collect();
  if pairs.is_empty() {
    return None;
  }
  let mut keys: Vec<&str> = Vec::new();
  for (key, _) in &pairs {
    if !keys.contains(&key.as_str()) {
      keys.push(key);
    }
  }
  let mut out = form_urlencoded::Serializer::new(String::new());
  for key in keys {
    for (_, value) in pairs.iter().filter(|(k, _)| k == key) {
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
