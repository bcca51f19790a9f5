//! Every answer the server makes on its own (not from a handler): the one
//! place where those HTTP statuses are chosen.

use bytes::Bytes;
use edgeroute_http::ResponseBody;
use http::{HeaderValue, Response, StatusCode, header};

fn empty(status: StatusCode) -> Response<ResponseBody> {
  let mut response = Response::new(ResponseBody::Empty);
  *response.status_mut() = status;
  response
}

/// The page Next.js shows for an unknown path, without its scripts.
const NOT_FOUND_PAGE: &str = concat!(
  "<!DOCTYPE html><html><head><meta charSet=\"utf-8\"/>",
  "<meta name=\"robots\" content=\"noindex\"/>",
  "<title>404: This page could not be found.</title></head>",
  "<body><h1>404</h1><h2>This page could not be found.</h2></body></html>",
);

/// No route matches the path: an HTML page, as `next start` answers.
pub fn not_found() -> Response<ResponseBody> {
  let mut response = Response::new(ResponseBody::Full(Some(
    Bytes::from_static(NOT_FOUND_PAGE.as_bytes()),
  )));
  *response.status_mut() = StatusCode::NOT_FOUND;
  response.headers_mut().insert(
    header::CONTENT_TYPE,
    HeaderValue::from_static("text/html; charset=utf-8"),
  );
  response
}

/// A method outside GET/HEAD/POST/PUT/DELETE/PATCH/OPTIONS, or a path
/// with a malformed percent-escape in a dynamic segment.
pub fn bad_request() -> Response<ResponseBody> {
  empty(StatusCode::BAD_REQUEST)
}

/// The request body is larger than `--max-body-size`.
pub fn payload_too_large(limit: u64) -> Response<ResponseBody> {
  let mut response =
    Response::new(ResponseBody::Full(Some(Bytes::from(format!(
      "Request body exceeds the limit of {limit} bytes (--max-body-size).\n"
    )))));
  *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
  response.headers_mut().insert(
    header::CONTENT_TYPE,
    HeaderValue::from_static("text/plain; charset=utf-8"),
  );
  response
}

/// A known method the route does not export.
pub fn method_not_allowed() -> Response<ResponseBody> {
  empty(StatusCode::METHOD_NOT_ALLOWED)
}

/// A method other than GET/HEAD on a prerendered route that does not
/// export it: Next.js answers from its static path, with `Allow` and a
/// text body.
pub fn static_method_not_allowed() -> Response<ResponseBody> {
  let mut response = Response::new(ResponseBody::Full(Some(
    Bytes::from_static(b"Method Not Allowed"),
  )));
  *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
  response
    .headers_mut()
    .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
  response
}

/// Automatic OPTIONS: 204 with the methods the route answers.
pub fn options(allow: &str) -> Response<ResponseBody> {
  let mut response = empty(StatusCode::NO_CONTENT);
  if let Ok(value) = HeaderValue::from_str(allow) {
    response.headers_mut().insert(header::ALLOW, value);
  }
  response
}

/// The handler failed (threw, returned no Response) or its isolate is
/// gone; the details are in the log, never in the answer.
pub fn internal_error() -> Response<ResponseBody> {
  empty(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The handler outlasted its wall-clock limit (`maxDuration`).
pub fn gateway_timeout() -> Response<ResponseBody> {
  empty(StatusCode::GATEWAY_TIMEOUT)
}

/// Every isolate of the route was at capacity for the whole wait: try
/// again in a second.
pub fn overloaded() -> Response<ResponseBody> {
  let mut response = empty(StatusCode::SERVICE_UNAVAILABLE);
  response.headers_mut().insert(
    http::header::RETRY_AFTER,
    http::HeaderValue::from_static("1"),
  );
  response
}

/// `/x/` → `/x` and `//x` → `/x`, permanently, as Next.js does without
/// `trailingSlash`: Location, a `Refresh` for clients that ignore it, and
/// the target as the body.
pub fn normalize_redirect(location: &str) -> Response<ResponseBody> {
  let mut response =
    Response::new(ResponseBody::Full(Some(Bytes::from(location.to_owned()))));
  *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
  if let Ok(value) = HeaderValue::from_str(location) {
    response.headers_mut().insert(header::LOCATION, value);
  }
  if let Ok(value) = HeaderValue::from_str(&format!("0;url={location}")) {
    response.headers_mut().insert(header::REFRESH, value);
  }
  response
}
