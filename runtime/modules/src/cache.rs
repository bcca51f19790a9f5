//! The process-wide cache of transpiled modules. Every isolate of every
//! route loads from it, so a file (an app file or a package's) is read,
//! parsed and transpiled once per process.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use deno_ast::ModuleSpecifier;

use super::define::Defines;
use super::transpile::transpile_with_defines;
use super::{ModuleError, Resolver, Transpiled, file_url};

/// One transpiled file.
#[derive(Debug)]
pub struct CachedModule {
  /// The file.
  pub path: PathBuf,
  /// Its `file://` URL, the module's name in V8.
  pub specifier: ModuleSpecifier,
  /// What transpiling and analysing it gave.
  pub transpiled: Transpiled,
}

/// Transpiled modules by `file://` URL, and the resolver that finds them.
#[derive(Debug)]
pub struct ModuleCache {
  modules: DashMap<ModuleSpecifier, Arc<CachedModule>>,
  resolver: Resolver,
  defines: Defines,
}

impl ModuleCache {
  /// An empty cache resolving imports with `resolver`.
  pub fn with_resolver(resolver: Resolver) -> Self {
    Self::with_defines(resolver, Vec::new())
  }

  /// An empty cache resolving imports with `resolver` and inlining
  /// next.config's `env` (`NAME`, value) into every JavaScript/TypeScript
  /// module it loads, as `next build` does.
  pub fn with_defines(
    resolver: Resolver,
    env: impl IntoIterator<Item = (String, String)>,
  ) -> Self {
    Self {
      modules: DashMap::new(),
      resolver,
      defines: Defines::new(env),
    }
  }

  /// The `env` inlined into modules.
  pub fn defines(&self) -> &Defines {
    &self.defines
  }

  /// The resolver for this app's imports.
  pub fn resolver(&self) -> &Resolver {
    &self.resolver
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
    let transpiled = if path.extension().is_some_and(|e| e == "wasm") {
      super::transpile::wasm(&self.resolver.scope().read_bytes(path)?)
    } else {
      let text = self.resolver.scope().read(path)?;
      let module_scope = path.extension().is_some_and(|e| e == "js")
        && match path.parent() {
          Some(dir) => self
            .resolver
            .packages()
            .scope_of(dir)?
            .is_some_and(|p| p.is_module),
          None => false,
        };
      transpile_with_defines(
        path,
        &specifier,
        text,
        module_scope,
        &self.defines,
      )?
    };
    let module = Arc::new(CachedModule {
      path: path.to_path_buf(),
      specifier: specifier.clone(),
      transpiled,
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
