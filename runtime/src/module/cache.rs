//! The process-wide cache of transpiled modules. Every isolate of every
//! route loads from it, so a file is read and transpiled once per process.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use deno_ast::ModuleSpecifier;

use super::{Literal, ModuleError, file_url, transpile};

/// One transpiled file.
#[derive(Debug)]
pub struct CachedModule {
  /// The file.
  pub path: PathBuf,
  /// Its `file://` URL, the module's name in V8.
  pub specifier: ModuleSpecifier,
  /// JavaScript for V8.
  pub code: Arc<str>,
  /// Source map back to `path`.
  pub source_map: Option<Arc<[u8]>>,
  /// Static imports, as written.
  pub imports: Vec<String>,
  /// Exported names, when knowable without evaluation.
  pub exports: Option<Vec<String>>,
  /// Literal values of exported constants.
  pub literals: Vec<(String, Literal)>,
}

/// Transpiled modules by `file://` URL.
#[derive(Debug, Default)]
pub struct ModuleCache {
  modules: DashMap<ModuleSpecifier, Arc<CachedModule>>,
}

impl ModuleCache {
  /// An empty cache.
  pub fn new() -> Self {
    Self::default()
  }

  /// The module for `path`, read and transpiled on first use.
  pub fn get_or_load(
    &self,
    path: &Path,
  ) -> Result<Arc<CachedModule>, ModuleError> {
    let specifier = file_url(path)?;
    if let Some(module) = self.modules.get(&specifier) {
      return Ok(module.clone());
    }
    let text =
      std::fs::read_to_string(path).map_err(|source| ModuleError::Read {
        file: path.to_path_buf(),
        source,
      })?;
    let out = transpile(path, &specifier, text)?;
    let module = Arc::new(CachedModule {
      path: path.to_path_buf(),
      specifier: specifier.clone(),
      code: out.code.into(),
      source_map: out.source_map.map(Into::into),
      imports: out.imports,
      exports: out.exports,
      literals: out.literals,
    });
    Ok(self.modules.entry(specifier).or_insert(module).clone())
  }

  /// The cached module named by a `file://` URL string, if loaded.
  pub fn get(&self, specifier: &str) -> Option<Arc<CachedModule>> {
    let url = ModuleSpecifier::parse(specifier).ok()?;
    self.modules.get(&url).map(|m| m.clone())
  }

  /// How many modules are cached.
  pub fn len(&self) -> usize {
    self.modules.len()
  }

  /// Whether nothing is cached.
  pub fn is_empty(&self) -> bool {
    self.modules.is_empty()
  }
}
