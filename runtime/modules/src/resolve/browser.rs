//! The object form of a package's `browser` field, which Next's bundler
//! applies on the edge: the modules a package's files import, and its own
//! files, replaced by another file or module, or by nothing (`false`).

use std::path::Path;

use deno_ast::ModuleSpecifier;

use super::{
  ImportKind, ModuleError, PackageJson, Resolved, Resolver, Runtime, find_file,
  normalize, path_like, real_path, unresolved,
};

impl Resolver {
  /// [`Resolver::resolve`] on the edge: with the `browser` maps of the
  /// packages involved applied.
  pub(super) fn resolve_on_edge(
    &self,
    specifier: &str,
    referrer: &Path,
    kind: ImportKind,
  ) -> Result<Resolved, ModuleError> {
    let runtime = Runtime::Edge;
    let is_bare = path_like(specifier, Path::new("/")).is_none()
      && !specifier.starts_with('#');
    if is_bare
      && let Some(dir) = referrer.parent()
      && let Some(package) = self.packages.scope_of(dir)?
      && let Some(target) = package
        .browser_map
        .as_ref()
        .and_then(|map| map.get(specifier))
    {
      return self.browser_target(&package, target, specifier, referrer, kind);
    }
    let resolved = self.resolve_unmapped(specifier, referrer, kind, runtime)?;
    let Resolved::File(file) = &resolved else {
      return Ok(resolved);
    };
    let Some(package) = file
      .parent()
      .map(|dir| self.packages.scope_of(dir))
      .transpose()?
      .flatten()
    else {
      return Ok(resolved);
    };
    let Some(map) = package.browser_map.as_ref() else {
      return Ok(resolved);
    };
    let Ok(relative) = file.strip_prefix(&package.dir) else {
      return Ok(resolved);
    };
    let relative = relative.to_string_lossy();
    let without_ext = relative
      .rsplit_once('.')
      .map_or(relative.as_ref(), |(stem, _)| stem);
    let keys = [
      format!("./{relative}"),
      relative.to_string(),
      format!("./{without_ext}"),
      without_ext.to_owned(),
    ];
    match keys.iter().find_map(|key| map.get(key)) {
      Some(target) => {
        self.browser_target(&package, target, specifier, referrer, kind)
      }
      None => Ok(resolved),
    }
  }

  /// What a `browser` field entry of `package` maps to: `false` is the
  /// empty module, `./x` a file of the package, anything else a module.
  fn browser_target(
    &self,
    package: &PackageJson,
    target: &serde_json::Value,
    specifier: &str,
    referrer: &Path,
    kind: ImportKind,
  ) -> Result<Resolved, ModuleError> {
    let unresolved = unresolved(specifier, referrer);
    match target {
      serde_json::Value::Bool(false) => {
        ModuleSpecifier::parse(self.builtins.empty)
          .map(Resolved::Builtin)
          .map_err(|e| unresolved(e.to_string()))
      }
      serde_json::Value::String(to) if to.starts_with('.') => find_file(
        &normalize(&package.dir.join(to)),
      )
      .map(|p| Resolved::File(real_path(p)))
      .ok_or_else(|| {
        unresolved(format!(
          "the \"browser\" field of {} maps it to {to}, which does not exist",
          package.dir.join("package.json").display()
        ))
      }),
      serde_json::Value::String(to) => {
        let inside = package.dir.join("package.json");
        self.resolve_unmapped(to, &inside, kind, Runtime::Edge)
      }
      _ => Err(unresolved(format!(
        "the \"browser\" field of {} maps it to something that is neither a path, a module nor false",
        package.dir.join("package.json").display()
      ))),
    }
  }
}
