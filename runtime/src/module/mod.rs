//! Route modules: resolution, transpiling, the process-wide cache of
//! transpiled code, and the `ModuleLoader` isolates use.

mod cache;
mod graph;
mod loader;
mod resolve;
mod transpile;

use std::path::PathBuf;

pub use cache::{CachedModule, ModuleCache};
pub use graph::preload;
pub use loader::EdgeLoader;
pub use resolve::{file_url, resolve_import};
pub use transpile::{Literal, Transpiled, is_module_path, transpile};

/// Why a module could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
  /// The file does not parse.
  #[error("{}:{line}:{column}: {message}\n{detail}", file.display())]
  Syntax {
    /// The file.
    file: PathBuf,
    /// 1-based line.
    line: usize,
    /// 1-based column.
    column: usize,
    /// What swc said.
    message: String,
    /// swc's message with a code frame.
    detail: String,
  },
  /// swc could not emit the file.
  #[error("{}: cannot transpile: {message}", file.display())]
  Transpile {
    /// The file.
    file: PathBuf,
    /// What swc said.
    message: String,
  },
  /// The file could not be read.
  #[error("{}: {source}", file.display())]
  Read {
    /// The file.
    file: PathBuf,
    /// The I/O error.
    source: std::io::Error,
  },
  /// An import names nothing edgeroute can load.
  #[error("cannot resolve '{specifier}' imported from {}: {reason}", referrer.display())]
  Unresolved {
    /// What the code imports.
    specifier: String,
    /// The importing file.
    referrer: PathBuf,
    /// Why it failed.
    reason: String,
  },
}
