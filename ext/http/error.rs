use deno_error::JsError;

/// Errors the bridge ops raise into JS.
#[derive(Debug, thiserror::Error, JsError)]
pub enum HttpError {
  /// The request id is unknown or was already answered.
  #[class(type)]
  #[error("request {0} was already answered or does not exist")]
  UnknownRequest(u32),
  /// The response body resource is gone (closed or never created).
  #[class(type)]
  #[error("response body stream is closed")]
  StreamClosed,
  /// A header name or value is not valid HTTP.
  #[class(type)]
  #[error("invalid response header: {0}")]
  InvalidHeader(String),
  /// The status code is out of range.
  #[class(range)]
  #[error("invalid response status: {0}")]
  InvalidStatus(u16),
  /// The isolate was not set up to serve (no inbox or report channel).
  #[class(generic)]
  #[error("isolate is not serving: {0}")]
  NotServing(&'static str),
  /// A request's part could not be made a JS value.
  #[class(generic)]
  #[error("cannot hand the request's {0} to JS")]
  Convert(&'static str),
}
