//! The library's error type.

use std::path::PathBuf;

use edgeroute_modules::ModuleError;
use edgeroute_routes::RouteError;

/// Why an app could not be loaded or served.
#[derive(Debug, thiserror::Error)]
pub enum Error {
  /// [`AppConfig::mount`](crate::AppConfig::mount) is not a path prefix.
  #[error("mount prefix {0:?}: expected a path such as /api")]
  Mount(String),
  /// A `--allow-*` flag names something that cannot be a permission.
  #[error("sandbox flags: {0}")]
  Sandbox(String),
  /// The folder holds no `app/` directory (and is not one).
  #[error("{}: no app/ folder here (pass the folder that holds app/, or app/ itself)", .0.display())]
  NoAppDir(PathBuf),
  /// The route tree is invalid (a conflict Next.js rejects too).
  #[error(transparent)]
  Routes(#[from] RouteError),
  /// A route module or one of its imports does not compile.
  #[error(transparent)]
  Module(#[from] ModuleError),
  /// next.config (or proxy.ts's `config`) could not be loaded: what it
  /// threw, naming its file and line, or what Next.js would reject in it.
  #[error("{}: {message}", file.display())]
  Config {
    /// The file.
    file: PathBuf,
    /// What went wrong.
    message: String,
  },
  /// The data cache's store could not be opened (`--cache`).
  #[error("cache: {0}")]
  Cache(#[from] edgeroute_cache::CacheError),
  /// A TLS certificate or key could not be loaded.
  #[error("{}: {message}", file.display())]
  Tls {
    /// The PEM file.
    file: PathBuf,
    /// What was wrong with it.
    message: String,
  },
  /// A `.env` file could not be read.
  #[error("{}: {source}", file.display())]
  EnvFile {
    /// The file.
    file: PathBuf,
    /// Why it could not be read.
    source: std::io::Error,
  },
  /// The server could not listen.
  #[error("cannot listen on {addr}: {source}")]
  Bind {
    /// The address asked for.
    addr: String,
    /// The I/O error.
    source: std::io::Error,
  },
  /// Another I/O failure.
  #[error(transparent)]
  Io(#[from] std::io::Error),
}
