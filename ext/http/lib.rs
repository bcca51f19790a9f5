//! The bridge between the edgeroute HTTP server and route handlers running
//! in V8.
//!
//! The server hands each request to an isolate as a [`RequestJob`] over a
//! channel (the isolate's [`Inbox`]). JS glue (`01_request.js` …
//! `03_serve.js`) pulls jobs with `op_http_next`, builds a Web `Request`,
//! calls the route's handler and pushes the `Response` back through
//! `op_http_respond` / `op_http_respond_stream` + `op_http_write`. Response
//! bodies travel over a bounded channel, so a slow client slows the
//! producer instead of piling bytes up in memory.
#![deny(missing_docs)]

mod body;
mod client;
mod error;
mod job;
mod ops;

pub use body::{IncomingBody, RequestBodyResource, ResponseBody, StreamError};
pub use client::{ClientGone, ClientWatch};
pub use error::HttpError;
pub use job::{
  DYNAMIC_MARK, Failure, FailureKind, HandlerOutcome, Inbox, JobSender,
  LoadReport, Param, Prerender, ProxyContext, REVALIDATE_MARK, RequestJob,
  TAGS_MARK,
};

deno_core::extension!(
  edgeroute_http,
  deps = [deno_web, deno_fetch],
  ops = [
    ops::op_http_next,
    ops::op_http_ready,
    ops::op_http_load_failed,
    ops::op_http_respond,
    ops::op_http_respond_text,
    ops::op_http_respond_stream,
    ops::op_http_write,
    ops::op_http_close,
    ops::op_http_stream_error,
    ops::op_http_fail,
    ops::op_http_client_gone,
  ],
  esm = [
    "00_client.js",
    "01_request.js",
    "02_response.js",
    "03_serve.js"
  ],
);
