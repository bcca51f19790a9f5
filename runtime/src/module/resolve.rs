//! Turning an import specifier into a file, as Next.js's bundler does for
//! relative imports: exact file, then added extensions, then `index.*`;
//! a `.js` import may name a `.ts` file (TypeScript's ESM convention).

use std::path::{Path, PathBuf};

use deno_ast::ModuleSpecifier;

use super::ModuleError;

/// Extensions tried, in order, for an import without one.
const EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "mts"];

/// The `file://` URL of an absolute path.
pub fn file_url(path: &Path) -> Result<ModuleSpecifier, ModuleError> {
  ModuleSpecifier::from_file_path(path).map_err(|()| ModuleError::Unresolved {
    specifier: path.display().to_string(),
    referrer: path.to_path_buf(),
    reason: "not an absolute path".to_owned(),
  })
}

/// Resolves `specifier` imported from the file `referrer`.
pub fn resolve_import(
  specifier: &str,
  referrer: &Path,
) -> Result<PathBuf, ModuleError> {
  let unresolved = |reason: &str| ModuleError::Unresolved {
    specifier: specifier.to_owned(),
    referrer: referrer.to_path_buf(),
    reason: reason.to_owned(),
  };
  let base = if specifier.starts_with("./") || specifier.starts_with("../") {
    referrer
      .parent()
      .ok_or_else(|| unresolved("the importing file has no folder"))?
      .join(specifier)
  } else if specifier.starts_with('/') {
    PathBuf::from(specifier)
  } else if let Some(path) = specifier.strip_prefix("file://") {
    PathBuf::from(path)
  } else {
    return Err(unresolved(
      "package imports (node_modules) are not supported yet; use a relative path",
    ));
  };
  let base = normalize(&base);
  find_file(&base).ok_or_else(|| unresolved("no such file"))
}

fn find_file(base: &Path) -> Option<PathBuf> {
  if base.is_file() {
    return Some(base.to_path_buf());
  }
  let with_ext = |ext: &str| {
    let mut name = base.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
  };
  if let Some(found) =
    EXTENSIONS.iter().map(|e| with_ext(e)).find(|p| p.is_file())
  {
    return Some(found);
  }
  // `./x.js` written for a `./x.ts` file.
  let ext = base.extension().and_then(|e| e.to_str());
  let ts_twins: &[&str] = match ext {
    Some("js") => &["ts", "tsx"],
    Some("jsx") => &["tsx"],
    Some("mjs") => &["mts"],
    _ => &[],
  };
  if let Some(found) = ts_twins
    .iter()
    .map(|e| base.with_extension(e))
    .find(|p| p.is_file())
  {
    return Some(found);
  }
  if base.is_dir() {
    return EXTENSIONS
      .iter()
      .map(|e| base.join(format!("index.{e}")))
      .find(|p| p.is_file());
  }
  None
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
  let mut out = PathBuf::new();
  for component in path.components() {
    match component {
      std::path::Component::CurDir => {}
      std::path::Component::ParentDir => {
        out.pop();
      }
      other => out.push(other.as_os_str()),
    }
  }
  out
}
