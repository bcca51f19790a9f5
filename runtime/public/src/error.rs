//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong scanning or serving `public/`.
#[derive(Debug, thiserror::Error)]
pub enum PublicError {
  /// The public folder exists but is not a directory (next start fails to
  /// start in that case too).
  #[error("{path}: the public folder is not a directory")]
  NotADirectory {
    /// The path given to [`crate::PublicDir::scan`].
    path: PathBuf,
  },
  /// Reading the folder (or a file's metadata) failed.
  #[error("{path}: {source}")]
  Io {
    /// The file or folder involved.
    path: PathBuf,
    /// The underlying error.
    #[source]
    source: std::io::Error,
  },
  /// The blocking task that opens a file did not complete (the runtime is
  /// shutting down).
  #[error("opening a public file was cancelled: {0}")]
  Cancelled(String),
  /// Building the response failed (a header value that is not valid).
  #[error("building the response: {0}")]
  Http(#[from] http::Error),
}
