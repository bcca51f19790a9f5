//! Loading a route's static import graph at startup (app files and
//! packages alike), so that a syntax error, a missing file or package, or
//! an import of a name a module does not export stops the server with the
//! import chain that led there instead of failing a request later.
//!
//! CommonJS `require()` calls are not followed: packages guard optional
//! dependencies with `try { require(...) }`, so a missing one is only an
//! error when the code runs.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
  CachedModule, ImportKind, ModuleCache, ModuleError, ModuleKind, Resolved,
  Runtime, cjs,
};

/// Transpiles `entry` and every module it statically imports into `cache`,
/// and checks that every imported name is exported. Errors name the import
/// chain from `entry`, with paths shown relative to `root`. Imports
/// resolve as on `runtime`, the route's.
pub fn preload(
  cache: &ModuleCache,
  entry: &Path,
  root: &Path,
  runtime: Runtime,
) -> Result<(), ModuleError> {
  // How each module was first reached: (importer, specifier as written).
  let mut reached_from: HashMap<PathBuf, (PathBuf, String)> = HashMap::new();
  let mut loaded: Vec<Arc<CachedModule>> = Vec::new();
  let mut seen: HashSet<PathBuf> = HashSet::new();
  let mut stack = vec![entry.to_path_buf()];
  let chain_error = |error: ModuleError,
                     reached_from: &HashMap<PathBuf, (PathBuf, String)>,
                     path: &Path,
                     last: Option<&str>| {
    let chain = chain_to(reached_from, path, last, root);
    if chain.len() <= 1 {
      error
    } else {
      ModuleError::InChain {
        chain: chain.join(" → "),
        source: Box::new(error),
      }
    }
  };
  while let Some(path) = stack.pop() {
    if !seen.insert(path.clone()) {
      continue;
    }
    let module = cache
      .get_or_load(&path)
      .map_err(|e| chain_error(e, &reached_from, &path, None))?;
    if module.transpiled.kind == ModuleKind::Esm {
      for import in &module.transpiled.imports {
        let resolved = cache
          .resolver()
          .resolve(&import.specifier, &path, ImportKind::Import, runtime)
          .map_err(|e| {
            chain_error(e, &reached_from, &path, Some(&import.specifier))
          })?;
        if let Resolved::File(target) = resolved {
          reached_from
            .entry(target.clone())
            .or_insert_with(|| (path.clone(), import.specifier.clone()));
          stack.push(target);
        }
      }
    }
    loaded.push(module);
  }
  for module in &loaded {
    for import in &module.transpiled.imports {
      if import.names.is_empty() {
        continue;
      }
      let Ok(Resolved::File(target)) = cache.resolver().resolve(
        &import.specifier,
        &module.path,
        ImportKind::Import,
        runtime,
      ) else {
        continue;
      };
      let Some(exported) =
        exports_of(cache, &target, runtime, &mut HashSet::new())
      else {
        continue;
      };
      if let Some(missing) =
        import.names.iter().find(|name| !exported.contains(*name))
      {
        let error = ModuleError::MissingExport {
          name: missing.clone(),
          specifier: import.specifier.clone(),
          target: target.clone(),
          importer: module.path.clone(),
        };
        return Err(chain_error(
          error,
          &reached_from,
          &module.path,
          Some(&import.specifier),
        ));
      }
    }
  }
  Ok(())
}

/// Every name `path` exports as an ES module (following `export *`), or
/// `None` when that cannot be known before running it.
fn exports_of(
  cache: &ModuleCache,
  path: &Path,
  runtime: Runtime,
  seen: &mut HashSet<PathBuf>,
) -> Option<BTreeSet<String>> {
  if !seen.insert(path.to_path_buf()) {
    return Some(BTreeSet::new());
  }
  let module = cache.get_or_load(path).ok()?;
  match &module.transpiled.kind {
    ModuleKind::Json | ModuleKind::Wasm => {
      Some(BTreeSet::from(["default".to_owned()]))
    }
    ModuleKind::CommonJs { .. } => {
      let mut names = cjs::export_names(cache, &module, runtime);
      names.insert("default".to_owned());
      Some(names)
    }
    ModuleKind::Esm => {
      let mut names: BTreeSet<String> =
        module.transpiled.own_exports.iter().cloned().collect();
      for star in &module.transpiled.star_exports {
        let Ok(Resolved::File(target)) =
          cache
            .resolver()
            .resolve(star, path, ImportKind::Import, runtime)
        else {
          return None;
        };
        let mut inner = exports_of(cache, &target, runtime, seen)?;
        // `export *` never re-exports a default.
        inner.remove("default");
        names.extend(inner);
      }
      Some(names)
    }
  }
}

/// `app/route.ts → lib/x.ts → 'pkg'`: the files from the entry to `path`,
/// then the specifier `path` failed on, if any.
fn chain_to(
  reached_from: &HashMap<PathBuf, (PathBuf, String)>,
  path: &Path,
  last: Option<&str>,
  root: &Path,
) -> Vec<String> {
  let show = |p: &Path| {
    p.strip_prefix(root)
      .map(|r| r.display().to_string())
      .unwrap_or_else(|_| p.display().to_string())
  };
  let mut files = vec![show(path)];
  let mut current = path.to_path_buf();
  let mut guard = 0;
  while let Some((importer, _)) = reached_from.get(&current) {
    files.push(show(importer));
    current = importer.clone();
    guard += 1;
    if guard > 10_000 {
      break;
    }
  }
  files.reverse();
  if let Some(specifier) = last {
    files.push(format!("'{specifier}'"));
  }
  files
}
