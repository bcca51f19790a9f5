//! What a handler sees of the request, built as `next start` builds it:
//! the canonical path (or the redirect to it), `request.url` (origin and
//! normalised query), the `x-forwarded-*` headers, and the body under its
//! size limit.

use std::sync::Arc;
use std::time::Duration;

use edgeroute_http::IncomingBody;
use http::{HeaderMap, HeaderName, Method};
use http_body_util::BodyExt;

use super::ClientInfo;
use super::front::RequestBody;
use super::limit::{BodyFault, LimitedBody};
use super::reject::Reject;

/// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host, and it is
/// a valid authority; a server must answer 400 otherwise. (HTTP/2's
/// `:authority` arrives as a Host header, checked the same way.)
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

/// `request.url` as `next start` builds it: on the client's
/// [`ClientInfo::host`] (`localhost:<port>` for `edgeroute serve`, as for
/// `next start`, whatever the Host header says), `https` when the client
/// spoke TLS or `x-forwarded-proto` says so, and the query normalised
/// ([`next_query`](edgeroute_routes::url::next_query)).
pub(crate) fn request_url(
  client: &ClientInfo,
  headers: &HeaderMap,
  path: &str,
  query: Option<&str>,
) -> String {
  let https = client.https
    || headers
      .get("x-forwarded-proto")
      .and_then(|v| v.to_str().ok())
      .is_some_and(|v| v.contains("https"));
  let scheme = if https { "https" } else { "http" };
  let host = &client.host;
  match query.and_then(edgeroute_routes::url::next_query) {
    Some(query) => format!("{scheme}://{host}{path}?{query}"),
    None => format!("{scheme}://{host}{path}"),
  }
}

/// Adds the `x-forwarded-*` request headers `next start` adds when the
/// client did not send them.
pub(crate) fn add_forwarded_headers(
  headers: &mut HeaderMap,
  client: &ClientInfo,
) {
  // Names made once, not parsed per request.
  const FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
  const PORT: HeaderName = HeaderName::from_static("x-forwarded-port");
  const PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
  const HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
  if let Some(addr) = client.addr
    && !headers.contains_key(FOR)
    && let Ok(value) =
      http::HeaderValue::from_str(&addr.ip().to_canonical().to_string())
  {
    headers.insert(FOR, value);
  }
  if !headers.contains_key(PORT) {
    headers.insert(PORT, http::HeaderValue::from(client.port()));
  }
  if !headers.contains_key(PROTO) {
    headers.insert(PROTO, http::HeaderValue::from_static(client.scheme()));
  }
  if let Some(host) = headers.get(http::header::HOST).cloned()
    && !headers.contains_key(HOST)
  {
    headers.insert(HOST, host);
  }
}

/// Whether the request's `Content-Length` is past `limit`: refused before
/// anything reads the body.
pub(crate) fn declares_more_than(headers: &HeaderMap, limit: u64) -> bool {
  headers
    .get(http::header::CONTENT_LENGTH)
    .and_then(|v| v.to_str().ok())
    .and_then(|v| v.parse::<u64>().ok())
    .is_some_and(|len| len > limit)
}

/// The request body under `limit` bytes, with pauses of at most `pause`:
/// GET and HEAD have none; a declared length past the limit is refused
/// before the handler runs, and a body that grows past it or stalls fails
/// to read and notes it in the returned fault (the answer is then 413 or
/// 408, not the handler's failure).
pub(crate) fn limited_body(
  method: &Method,
  headers: &HeaderMap,
  body: RequestBody,
  limit: u64,
  pause: Duration,
) -> Result<(Option<IncomingBody>, Arc<BodyFault>), Reject> {
  if declares_more_than(headers, limit) {
    return Err(Reject::TooLarge(limit));
  }
  let fault = Arc::new(BodyFault::default());
  let body = match *method {
    Method::GET | Method::HEAD => None,
    _ => Some(
      LimitedBody::new(body.boxed(), limit, pause, fault.clone())
        .boxed_unsync(),
    ),
  };
  Ok((body, fault))
}
