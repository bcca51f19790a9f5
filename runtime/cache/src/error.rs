//! The cache crate's error type.

use std::path::PathBuf;

/// Why a cache could not be opened. Reads and writes never fail a request:
/// a store that cannot answer is a miss, logged once per outage.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
  /// The disk store's folder could not be made or read.
  #[error("{}: {source}", path.display())]
  Disk {
    /// The folder or file.
    path: PathBuf,
    /// Why.
    source: std::io::Error,
  },
  /// The Redis URL does not parse (`redis://host:port/db`).
  #[error("redis URL {url:?}: {message}")]
  RedisUrl {
    /// The URL given.
    url: String,
    /// What is wrong with it.
    message: String,
  },
}
