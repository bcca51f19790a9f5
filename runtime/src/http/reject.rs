//! Every answer the server makes on its own instead of a handler's: one
//! [`Reject`] value per reason, and the one place ([`Reject::into_response`])
//! where each becomes a status, headers and body, as axum's `IntoResponse`
//! does for its rejections.

use bytes::Bytes;
use edgeroute_http::ResponseBody;
use edgeroute_isolate::PoolError;
use edgeroute_routes::MatchError;
use http::{HeaderValue, Response, StatusCode, header};

/// The page Next.js shows for an unknown path, without its scripts.
const NOT_FOUND_PAGE: &str = concat!(
  "<!DOCTYPE html><html><head><meta charSet=\"utf-8\"/>",
  "<meta name=\"robots\" content=\"noindex\"/>",
  "<title>404: This page could not be found.</title></head>",
  "<body><h1>404</h1><h2>This page could not be found.</h2></body></html>",
);

/// Why the server answers a request itself. Failures are logged where
/// they happen (with the file, method and URL); the answer carries no
/// details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
  /// A redirect: `//x` → `/x` (308), next.config's trailing-slash rule and
  /// `redirects()`, or a proxy's: Location, a `Refresh` for clients that
  /// ignore it when permanent (308), and the target as the body, as
  /// `next start` answers.
  Redirect {
    /// 301, 302, 303, 307 or 308.
    status: StatusCode,
    /// Where to.
    location: String,
  },
  /// No route matches the path: 404 with Next.js's HTML page.
  NotFound,
  /// A method route handlers do not take, or a path whose dynamic segment
  /// has a malformed percent-escape: 400.
  BadRequest,
  /// The body is larger than the limit (bytes): 413.
  TooLarge(u64),
  /// The client paused sending the body longer than the body timeout:
  /// 408, and the connection is closed.
  RequestTimeout,
  /// A handler method the route does not export: 405.
  MethodNotAllowed,
  /// A method other than GET/HEAD on a prerendered route that does not
  /// export it: Next.js answers from its static path, 405 with `Allow:
  /// GET, HEAD` and a text body.
  StaticMethodNotAllowed,
  /// Automatic `OPTIONS`: 204 with this `Allow`.
  Options(String),
  /// The handler threw, returned no Response, or its isolate is gone: 500.
  Failed,
  /// The proxy threw or gave no Response: 500 with Next.js's plain-text
  /// answer.
  ProxyFailed,
  /// The handler outlasted its wall-clock limit (`maxDuration`): 504.
  TimedOut,
  /// Every isolate of the route was at capacity for the whole wait: 503,
  /// try again in a second.
  Overloaded,
}

impl From<MatchError> for Reject {
  fn from(error: MatchError) -> Self {
    match error {
      MatchError::MalformedEscape => Reject::BadRequest,
    }
  }
}

impl From<PoolError> for Reject {
  fn from(error: PoolError) -> Self {
    match error {
      PoolError::Overloaded { .. } => Reject::Overloaded,
      PoolError::LoadFailed(_) | PoolError::Unavailable(_) => Reject::Failed,
    }
  }
}

impl Reject {
  /// The answer.
  pub fn into_response(self) -> Response<ResponseBody> {
    match self {
      Reject::Redirect { status, location } => {
        let mut response = answer(status, None, Bytes::from(location.clone()));
        set(&mut response, header::LOCATION, &location);
        if status == StatusCode::PERMANENT_REDIRECT {
          set(&mut response, header::REFRESH, &format!("0;url={location}"));
        }
        response
      }
      Reject::NotFound => answer(
        StatusCode::NOT_FOUND,
        Some("text/html; charset=utf-8"),
        Bytes::from_static(NOT_FOUND_PAGE.as_bytes()),
      ),
      Reject::BadRequest => empty(StatusCode::BAD_REQUEST),
      Reject::TooLarge(limit) => answer(
        StatusCode::PAYLOAD_TOO_LARGE,
        Some("text/plain; charset=utf-8"),
        Bytes::from(format!(
          "Request body exceeds the limit of {limit} bytes (--max-body-size).\n"
        )),
      ),
      Reject::RequestTimeout => {
        let mut response = empty(StatusCode::REQUEST_TIMEOUT);
        set(&mut response, header::CONNECTION, "close");
        response
      }
      Reject::MethodNotAllowed => empty(StatusCode::METHOD_NOT_ALLOWED),
      Reject::StaticMethodNotAllowed => {
        let mut response = answer(
          StatusCode::METHOD_NOT_ALLOWED,
          None,
          Bytes::from_static(b"Method Not Allowed"),
        );
        set(&mut response, header::ALLOW, "GET, HEAD");
        response
      }
      Reject::Options(allow) => {
        let mut response = empty(StatusCode::NO_CONTENT);
        set(&mut response, header::ALLOW, &allow);
        response
      }
      Reject::Failed => empty(StatusCode::INTERNAL_SERVER_ERROR),
      Reject::ProxyFailed => answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        Some("text/plain"),
        Bytes::from_static(b"Internal Server Error"),
      ),
      Reject::TimedOut => empty(StatusCode::GATEWAY_TIMEOUT),
      Reject::Overloaded => {
        let mut response = empty(StatusCode::SERVICE_UNAVAILABLE);
        set(&mut response, header::RETRY_AFTER, "1");
        response
      }
    }
  }
}

fn empty(status: StatusCode) -> Response<ResponseBody> {
  let mut response = Response::new(ResponseBody::Empty);
  *response.status_mut() = status;
  response
}

fn answer(
  status: StatusCode,
  content_type: Option<&'static str>,
  body: Bytes,
) -> Response<ResponseBody> {
  let mut response = Response::new(ResponseBody::Full(Some(body)));
  *response.status_mut() = status;
  if let Some(content_type) = content_type {
    response
      .headers_mut()
      .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
  }
  response
}

/// Sets a header whose value came from the request or the route; a value
/// that is not a valid header is left out rather than answered wrongly.
fn set(
  response: &mut Response<ResponseBody>,
  name: header::HeaderName,
  value: &str,
) {
  if let Ok(value) = HeaderValue::from_str(value) {
    response.headers_mut().insert(name, value);
  }
}
