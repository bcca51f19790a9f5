//! Route modules: resolution (relative files, tsconfig `paths`,
//! node_modules packages, `node:` built-ins), transpiling, CommonJS and
//! JSON interop, the process-wide cache of transpiled code, and the
//! `ModuleLoader` isolates use.

mod cache;
mod cjs;
mod exports;
mod graph;
mod loader;
mod package;
mod require;
mod resolve;
mod transpile;
mod tsconfig;

use std::path::PathBuf;

pub use cache::{CachedModule, ModuleCache};
pub use graph::preload;
pub use loader::EdgeLoader;
pub use package::{PackageJson, PackageJsonCache};
pub use require::RequireHost;
pub use resolve::{ImportKind, Resolved, Resolver, file_url, resolve_import};
pub use transpile::{
  Import, Literal, ModuleKind, Transpiled, is_module_path, transpile,
};
pub use tsconfig::PathAliases;

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
  /// An import takes a name the module does not export.
  #[error("{} imports '{name}' from '{specifier}', but {} does not export it", importer.display(), target.display())]
  MissingExport {
    /// The missing name.
    name: String,
    /// What the code imports.
    specifier: String,
    /// The file the specifier resolved to.
    target: PathBuf,
    /// The importing file.
    importer: PathBuf,
  },
  /// An error in a module reached through imports.
  #[error("{source}\n  import chain: {chain}")]
  InChain {
    /// `app/route.ts → lib/x.ts → 'pkg'`.
    chain: String,
    /// The error at the end of the chain.
    source: Box<ModuleError>,
  },
}
