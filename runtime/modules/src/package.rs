//! `package.json` files: the fields module resolution reads, each file
//! parsed once per process.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use serde_json::Value;

use super::ModuleError;

/// The fields of a `package.json` that decide how its files load.
#[derive(Debug)]
pub struct PackageJson {
  /// The folder holding the file.
  pub dir: PathBuf,
  /// `name`.
  pub name: Option<String>,
  /// `"type": "module"`: `.js` files are ES modules.
  pub is_module: bool,
  /// `main`.
  pub main: Option<String>,
  /// `module` (the ESM entry bundlers read).
  pub module: Option<String>,
  /// `browser`, when it is a string (an entry point).
  pub browser: Option<String>,
  /// `browser`, when it is an object: files of the package (`./x.js`) and
  /// modules it imports (`fs`) replaced on the edge, by another file or
  /// module, or by nothing (`false`).
  pub browser_map: Option<serde_json::Map<String, Value>>,
  /// `exports`, keys in file order (condition order matters).
  pub exports: Option<Value>,
  /// `imports` (`#name` subpath imports).
  pub imports: Option<Value>,
}

/// Parsed `package.json` files by folder; `None` records a folder without
/// one, so each folder is looked at once.
#[derive(Debug, Default)]
pub struct PackageJsonCache {
  by_dir: DashMap<PathBuf, Option<Arc<PackageJson>>>,
}

impl PackageJsonCache {
  /// The `package.json` in `dir`, if there is one.
  pub fn in_dir(
    &self,
    dir: &Path,
  ) -> Result<Option<Arc<PackageJson>>, ModuleError> {
    if let Some(found) = self.by_dir.get(dir) {
      return Ok(found.clone());
    }
    let file = dir.join("package.json");
    let parsed = match std::fs::read_to_string(&file) {
      Ok(text) => Some(Arc::new(parse(dir, &file, &text)?)),
      Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
      Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => None,
      Err(source) => return Err(ModuleError::Read { file, source }),
    };
    self.by_dir.insert(dir.to_path_buf(), parsed.clone());
    Ok(parsed)
  }

  /// The nearest `package.json` at or above `dir` (Node's "package
  /// scope"), stopping at a `node_modules` folder.
  pub fn scope_of(
    &self,
    dir: &Path,
  ) -> Result<Option<Arc<PackageJson>>, ModuleError> {
    for ancestor in dir.ancestors() {
      if ancestor.file_name().is_some_and(|n| n == "node_modules") {
        return Ok(None);
      }
      if let Some(found) = self.in_dir(ancestor)? {
        return Ok(Some(found));
      }
    }
    Ok(None)
  }
}

fn parse(
  dir: &Path,
  file: &Path,
  text: &str,
) -> Result<PackageJson, ModuleError> {
  let value: Value =
    serde_json::from_str(text).map_err(|e| ModuleError::Syntax {
      file: file.to_path_buf(),
      line: e.line(),
      column: e.column(),
      message: format!("invalid package.json: {e}"),
      detail: String::new(),
    })?;
  let string = |key: &str| {
    value
      .get(key)
      .and_then(Value::as_str)
      .filter(|s| !s.is_empty())
      .map(str::to_owned)
  };
  Ok(PackageJson {
    dir: dir.to_path_buf(),
    name: string("name"),
    is_module: value.get("type").and_then(Value::as_str) == Some("module"),
    main: string("main"),
    module: string("module"),
    browser: string("browser"),
    browser_map: value.get("browser").and_then(Value::as_object).cloned(),
    exports: value.get("exports").filter(|v| !v.is_null()).cloned(),
    imports: value.get("imports").filter(|v| !v.is_null()).cloned(),
  })
}
