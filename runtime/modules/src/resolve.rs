//! Turning an import specifier into something to load, in the order
//! Next.js's bundler applies for a route on the Node.js or edge runtime:
//!
//! 1. `next/server` & co. → edgeroute's built-in modules;
//! 2. `node:x` (and bare `x` for Node's own module names) → a built-in, or
//!    an error naming the module;
//! 3. relative and absolute paths: exact file, then added extensions, then
//!    `index.*`; a `.js` import may name a `.ts` file (TypeScript's ESM
//!    convention);
//! 4. `#name` → the `imports` map of the importer's package;
//! 5. `compilerOptions.paths` / `baseUrl` (app code only);
//! 6. packages from the nearest `node_modules` up the tree (or the
//!    importer's own package, by name): `exports` with the runtime's
//!    conditions ([`conditions`]), else `module` / `main` (`browser`
//!    first on the edge).

use std::path::{Path, PathBuf};

use deno_ast::ModuleSpecifier;

use super::ModuleError;
use super::Runtime;
use super::builtins::Builtins;
use super::exports::{conditions, exports_target, imports_target};
use super::package::{PackageJson, PackageJsonCache};
use super::scope::ModuleScope;
use super::tsconfig::PathAliases;

/// Extensions tried, in order, for an import without one.
const EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "mts", "json"];

/// How a module is asked for: it picks the `exports` conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
  /// `import` / `import()` / `export ... from`.
  Import,
  /// `require()` in a CommonJS module.
  Require,
  /// `require()` that Node.js itself answers at run time under `next
  /// start`, outside the bundle: one made by `module.createRequire()`,
  /// and everything the files it loads require. Node's own conditions
  /// (`node`, `require`, `default`), without the bundler's.
  NativeRequire,
}

/// What a specifier names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
  /// A file on disk.
  File(PathBuf),
  /// A module built into edgeroute (`edgeroute:next/server`,
  /// `edgeroute:node/buffer`).
  Builtin(ModuleSpecifier),
}

/// Resolves specifiers for one app; package.json files are read once.
#[derive(Debug)]
pub struct Resolver {
  aliases: PathAliases,
  packages: PackageJsonCache,
  builtins: Builtins,
  scope: ModuleScope,
}

/// The error for `specifier` from `referrer`, given the reason.
fn unresolved<'a>(
  specifier: &'a str,
  referrer: &'a Path,
) -> impl Fn(String) -> ModuleError + 'a {
  move |reason| ModuleError::Unresolved {
    specifier: specifier.to_owned(),
    referrer: referrer.to_path_buf(),
    reason,
  }
}

/// The `file://` URL of an absolute path.
pub fn file_url(path: &Path) -> Result<ModuleSpecifier, ModuleError> {
  ModuleSpecifier::from_file_path(path).map_err(|()| ModuleError::Unresolved {
    specifier: path.display().to_string(),
    referrer: path.to_path_buf(),
    reason: "not an absolute path".to_owned(),
  })
}

impl Resolver {
  /// A resolver for the project in `root` (the folder holding `app/` and
  /// `tsconfig.json`), with the runtime's `builtins`.
  pub fn new(root: &Path, builtins: Builtins) -> Result<Resolver, ModuleError> {
    Ok(Resolver {
      aliases: PathAliases::load(root)?,
      packages: PackageJsonCache::default(),
      builtins,
      scope: ModuleScope::new(root),
    })
  }

  /// Where modules may be loaded from.
  pub fn scope(&self) -> &ModuleScope {
    &self.scope
  }

  /// The runtime's built-in modules.
  pub fn builtins(&self) -> &Builtins {
    &self.builtins
  }

  /// The package.json files read so far.
  pub fn packages(&self) -> &PackageJsonCache {
    &self.packages
  }

  /// Resolves `specifier` imported (or required) from the file `referrer`
  /// by a route running on `runtime`. On the edge, a package's `browser`
  /// field (object form) replaces the modules its files import and its
  /// own files, as Next's bundler applies it there (`resolve/browser.rs`).
  pub fn resolve(
    &self,
    specifier: &str,
    referrer: &Path,
    kind: ImportKind,
    runtime: Runtime,
  ) -> Result<Resolved, ModuleError> {
    match runtime {
      Runtime::Edge => self.resolve_on_edge(specifier, referrer, kind),
      Runtime::NodeJs => {
        self.resolve_unmapped(specifier, referrer, kind, runtime)
      }
    }
  }

  fn resolve_unmapped(
    &self,
    specifier: &str,
    referrer: &Path,
    kind: ImportKind,
    runtime: Runtime,
  ) -> Result<Resolved, ModuleError> {
    let how = How { kind, runtime };
    let unresolved = unresolved(specifier, referrer);
    let builtin = match self.builtins.specifier(specifier) {
      Some(url) => Some(Ok(url.to_owned())),
      None => self.builtins.node(specifier, runtime),
    };
    if let Some(builtin) = builtin {
      let url = builtin.map_err(|reason| ModuleError::Unsupported {
        specifier: specifier.to_owned(),
        referrer: referrer.to_path_buf(),
        reason,
      })?;
      return ModuleSpecifier::parse(&url)
        .map(Resolved::Builtin)
        .map_err(|e| unresolved(format!("{url}: {e}")));
    }
    let dir = referrer
      .parent()
      .ok_or_else(|| unresolved("the importing file has no folder".into()))?;
    // `import mod from './x.wasm?module'`: the binary as a
    // WebAssembly.Module (Next.js's edge runtime).
    let specifier_path = specifier
      .strip_suffix("?module")
      .filter(|path| path.ends_with(".wasm"))
      .unwrap_or(specifier);
    if let Some(path) = path_like(specifier_path, dir) {
      let path = normalize(&path);
      return find_file(&path)
        .map(Resolved::File)
        .ok_or_else(|| unresolved("no such file".to_owned()));
    }
    if specifier.starts_with('#') {
      return self.resolve_package_import(specifier, dir, how);
    }
    if !is_in_node_modules(referrer) {
      for candidate in self.aliases.candidates(specifier) {
        if let Some(found) = find_file(&normalize(&candidate)) {
          // tsconfig `paths` may point past the project (a monorepo's
          // shared folder): what they name may load.
          if let Some(dir) = found.parent() {
            self.scope.add_package(dir);
          }
          return Ok(Resolved::File(found));
        }
      }
    }
    self
      .resolve_package(specifier, dir, how)
      .map(Resolved::File)
      .map_err(unresolved)
  }

  /// `#name` through the `imports` field of the importer's package.
  fn resolve_package_import(
    &self,
    specifier: &str,
    dir: &Path,
    how: How,
  ) -> Result<Resolved, ModuleError> {
    let unresolved = unresolved(specifier, dir);
    let scope = self
      .packages
      .scope_of(dir)?
      .ok_or_else(|| unresolved("no package.json above the file".into()))?;
    let target = scope
      .imports
      .as_ref()
      .and_then(|imports| imports_target(imports, specifier, how.conditions()))
      .ok_or_else(|| {
        unresolved(format!(
          "not in the \"imports\" of {}",
          scope.dir.join("package.json").display()
        ))
      })?;
    if target.starts_with("./") {
      let path = normalize(&scope.dir.join(&target));
      return find_file(&path)
        .map(|p| Resolved::File(real_path(p)))
        .ok_or_else(|| unresolved(format!("{target} does not exist")));
    }
    self
      .resolve_package(&target, &scope.dir, how)
      .map(Resolved::File)
      .map_err(unresolved)
  }

  /// A package (`pkg`, `pkg/sub`, `@scope/pkg/sub`) seen from `dir`.
  fn resolve_package(
    &self,
    specifier: &str,
    dir: &Path,
    how: How,
  ) -> Result<PathBuf, String> {
    let (name, subpath) = split_package_name(specifier)
      .ok_or_else(|| "not a valid package name".to_owned())?;
    // A package may import itself by name when it has `exports`.
    if let Some(scope) =
      self.packages.scope_of(dir).map_err(|e| e.to_string())?
      && scope.name.as_deref() == Some(name)
      && scope.exports.is_some()
    {
      return self.resolve_in_package(&scope, name, &subpath, how);
    }
    for ancestor in dir.ancestors() {
      if ancestor.file_name().is_some_and(|n| n == "node_modules") {
        continue;
      }
      let package_dir = ancestor.join("node_modules").join(name);
      if !package_dir.is_dir() {
        continue;
      }
      self.scope.add_package(&package_dir);
      let package = self
        .packages
        .in_dir(&package_dir)
        .map_err(|e| e.to_string())?
        .unwrap_or_else(|| {
          std::sync::Arc::new(PackageJson {
            dir: package_dir.clone(),
            name: None,
            is_module: false,
            main: None,
            module: None,
            browser: None,
            browser_map: None,
            exports: None,
            imports: None,
          })
        });
      return self.resolve_in_package(&package, name, &subpath, how);
    }
    Err(format!(
      "package '{name}' is not installed (no node_modules/{name} in {} or any folder above it; run npm install)",
      dir.display()
    ))
  }

  fn resolve_in_package(
    &self,
    package: &PackageJson,
    name: &str,
    subpath: &str,
    how: How,
  ) -> Result<PathBuf, String> {
    if let Some(exports) = &package.exports {
      let target = exports_target(exports, subpath, how.conditions())
        .ok_or_else(|| {
          let what = if subpath == "." {
            "its main entry".to_owned()
          } else {
            format!("'{subpath}'")
          };
          format!(
            "package '{name}' does not export {what} for the {} runtime (conditions: {}; see \"exports\" in {})",
            how.runtime,
            how.conditions().join(", "),
            package.dir.join("package.json").display()
          )
        })?;
      let path = normalize(&package.dir.join(&target));
      return find_file(&path).map(real_path).ok_or_else(|| {
        format!(
          "package '{name}' exports '{subpath}' as {target}, which does not exist"
        )
      });
    }
    let entry = if subpath == "." {
      // Entry fields as Next's bundler reads them: `browser` only on the
      // edge; `module` (ES) before `main` for imports.
      let fields = match (how.runtime, how.kind) {
        (Runtime::Edge, ImportKind::Import) => {
          [&package.browser, &package.module, &package.main]
        }
        (Runtime::Edge, ImportKind::Require | ImportKind::NativeRequire) => {
          [&package.browser, &package.main, &None]
        }
        (Runtime::NodeJs, ImportKind::Import) => {
          [&package.module, &package.main, &None]
        }
        (Runtime::NodeJs, ImportKind::Require | ImportKind::NativeRequire) => {
          [&package.main, &None, &None]
        }
      };
      fields.into_iter().flatten().next().cloned()
    } else {
      None
    };
    let path =
      normalize(&package.dir.join(entry.as_deref().unwrap_or(subpath)));
    find_file(&path)
      .or_else(|| find_file(&package.dir.join(subpath).join("index")))
      .map(real_path)
      .ok_or_else(|| {
        format!(
          "package '{name}' has no file for '{subpath}' (looked for {})",
          path.display()
        )
      })
  }
}

/// How a specifier is asked for: the kind of import and the runtime of
/// the route asking.
#[derive(Debug, Clone, Copy)]
struct How {
  kind: ImportKind,
  runtime: Runtime,
}

impl How {
  fn conditions(self) -> &'static [&'static str] {
    conditions(self.runtime, self.kind)
  }
}

fn path_like(specifier: &str, dir: &Path) -> Option<PathBuf> {
  if specifier.starts_with("./")
    || specifier.starts_with("../")
    || specifier == "."
    || specifier == ".."
  {
    Some(dir.join(specifier))
  } else if specifier.starts_with('/') {
    Some(PathBuf::from(specifier))
  } else if specifier.starts_with("file://") {
    ModuleSpecifier::parse(specifier).ok()?.to_file_path().ok()
  } else {
    None
  }
}

/// `@scope/name/sub` → (`@scope/name`, `./sub`); `name` → (`name`, `.`).
fn split_package_name(specifier: &str) -> Option<(&str, String)> {
  let mut end = specifier.find('/').unwrap_or(specifier.len());
  if specifier.starts_with('@') {
    let rest = specifier.get(end + 1..)?;
    end += 1 + rest.find('/').unwrap_or(rest.len());
  }
  let name = &specifier[..end];
  if name.is_empty() || name.starts_with('.') || name.contains('\\') {
    return None;
  }
  let subpath = match &specifier[end..] {
    "" => ".".to_owned(),
    rest => format!(".{rest}"),
  };
  Some((name, subpath))
}

fn is_in_node_modules(path: &Path) -> bool {
  path.components().any(|c| c.as_os_str() == "node_modules")
}

/// Package files by their real path, so a symlinked `node_modules` (pnpm)
/// resolves the package's own dependencies where they really are.
fn real_path(path: PathBuf) -> PathBuf {
  std::fs::canonicalize(&path).unwrap_or(path)
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

mod browser;
#[cfg(test)]
mod tests;
