//! Route modules before they reach V8: resolution (relative files,
//! tsconfig `paths`, node_modules packages with `exports`, the runtime's
//! built-ins), transpiling with swc, what the syntax tree says (imports,
//! exports, segment-config literals), CommonJS and JSON interop, the
//! startup preload with import chains, and the process-wide cache of
//! transpiled code. No JavaScript runtime: the isolate crate's loader
//! serves this cache to V8.
#![deny(missing_docs)]

mod analyze;
mod builtins;
mod cache;
pub mod cjs;
mod define;
pub mod exports;
#[doc(hidden)]
pub mod fuzzing;
mod graph;
mod package;
mod resolve;
mod runtime;
mod scope;
mod transpile;
mod tsconfig;
mod use_cache;

use std::path::PathBuf;

pub use analyze::{Import, Literal};
pub use builtins::Builtins;
pub use cache::{CachedModule, ModuleCache};
pub use define::Defines;
pub use graph::preload;
pub use package::{PackageJson, PackageJsonCache};
pub use resolve::{ImportKind, Resolved, Resolver, file_url};
pub use runtime::Runtime;
pub use scope::{MAX_MODULE_BYTES, ModuleScope};
pub use transpile::{
  ModuleKind, Transpiled, transpile, transpile_with_defines,
};
pub use tsconfig::{PathAliases, parse_jsonc};

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
  /// The file may not be loaded (outside the project and its packages,
  /// not a regular file, too large). Never says what is in it.
  #[error("{}: not allowed: {reason}", file.display())]
  NotAllowed {
    /// The file asked for.
    file: PathBuf,
    /// Why not.
    reason: String,
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
  /// An import names a built-in module this runtime does not provide
  /// (`node:x` that edgeroute lacks): the importing route fails, the rest
  /// of the app serves ([`ModuleError::is_route_local`]).
  #[error("cannot load '{specifier}' imported from {}: {reason}", referrer.display())]
  Unsupported {
    /// What the code imports.
    specifier: String,
    /// The importing file.
    referrer: PathBuf,
    /// Why not.
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

impl ModuleError {
  /// Whether the error is the route's alone: an import of something this
  /// runtime lacks, which `next build` would have accepted. Everything else
  /// (a syntax error, a missing file or package, a missing export) is what
  /// `next build` refuses too, and stops the app at startup.
  pub fn is_route_local(&self) -> bool {
    match self {
      ModuleError::Unsupported { .. } => true,
      ModuleError::InChain { source, .. } => source.is_route_local(),
      _ => false,
    }
  }
}
