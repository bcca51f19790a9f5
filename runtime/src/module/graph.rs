//! Loading a route's static import graph at startup, so that a syntax
//! error anywhere in it stops the server with the file, line and column
//! instead of failing a request later.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{ModuleCache, ModuleError, resolve_import};

/// Transpiles `entry` and every module it reaches through relative static
/// imports into `cache`. Package imports are left to load time.
pub fn preload(cache: &ModuleCache, entry: &Path) -> Result<(), ModuleError> {
  let mut seen: HashSet<PathBuf> = HashSet::new();
  let mut stack = vec![entry.to_path_buf()];
  while let Some(path) = stack.pop() {
    if !seen.insert(path.clone()) {
      continue;
    }
    let module = cache.get_or_load(&path)?;
    for specifier in &module.imports {
      if !is_path_like(specifier) {
        continue;
      }
      stack.push(resolve_import(specifier, &path)?);
    }
  }
  Ok(())
}

fn is_path_like(specifier: &str) -> bool {
  specifier.starts_with("./")
    || specifier.starts_with("../")
    || specifier.starts_with('/')
    || specifier.starts_with("file://")
}
