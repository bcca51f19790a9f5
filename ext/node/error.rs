//! The error type of the `op_node_*` ops.

use deno_error::JsError;

/// Errors the `op_node_*` ops raise into JS.
#[derive(Debug, thiserror::Error, JsError)]
pub enum NodeError {
  /// `require()` could not find or load a module.
  #[class(generic)]
  #[error("{0}")]
  Require(String),
  /// The isolate has no module host (a bug in the embedder).
  #[class(generic)]
  #[error("require() is not set up in this isolate")]
  NoHost,
  /// `createHash` with an algorithm edgeroute does not implement.
  #[class(type)]
  #[error("Digest method not supported: {0}")]
  UnknownDigest(String),
}
