//! CommonJS files seen from ES modules: the wrapper module V8 loads in
//! place of the file, and the export names it can offer.
//!
//! As in Node, the default export is `module.exports`, and the named
//! exports are the names a static look at the file finds (`exports.x =`,
//! `module.exports = { x }`, and the exports of files it re-exports with
//! `module.exports = require('./y')`), read once the file has run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{
  CachedModule, ImportKind, ModuleCache, ModuleKind, Resolved, Runtime,
};

/// The ES module standing for the CommonJS file `module`, imported by a
/// route on `runtime`.
pub fn esm_wrapper(
  cache: &ModuleCache,
  module: &CachedModule,
  runtime: Runtime,
) -> String {
  let filename = json_string(&module.path.display().to_string());
  let mut code = format!(
    "import {{ loadCommonJs }} from \"{}\";\nconst exports = loadCommonJs({filename});\nexport default exports;\n",
    cache.resolver().builtins().commonjs
  );
  let names = export_names(cache, module, runtime);
  let mut list = Vec::with_capacity(names.len());
  for (i, name) in names.iter().enumerate() {
    let quoted = json_string(name);
    code.push_str(&format!("const __e{i} = exports?.[{quoted}];\n"));
    list.push(format!("__e{i} as {quoted}"));
  }
  if !list.is_empty() {
    code.push_str(&format!("export {{ {} }};\n", list.join(", ")));
  }
  code
}

/// The ES module standing for a JSON file: its value as the default export.
pub fn json_wrapper(module: &CachedModule) -> String {
  format!(
    "export default JSON.parse({});\n",
    json_string(&module.transpiled.code)
  )
}

/// Named exports a CommonJS file offers to `import { x }` (never
/// `default`, which is `module.exports` itself).
pub fn export_names(
  cache: &ModuleCache,
  module: &CachedModule,
  runtime: Runtime,
) -> BTreeSet<String> {
  let mut names = BTreeSet::new();
  let mut seen = BTreeSet::new();
  collect(cache, &module.path, module, runtime, &mut names, &mut seen);
  names.remove("default");
  names
}

fn collect(
  cache: &ModuleCache,
  path: &Path,
  module: &CachedModule,
  runtime: Runtime,
  names: &mut BTreeSet<String>,
  seen: &mut BTreeSet<PathBuf>,
) {
  if !seen.insert(path.to_path_buf()) {
    return;
  }
  match &module.transpiled.kind {
    ModuleKind::CommonJs { exports, reexports } => {
      names.extend(exports.iter().cloned());
      for specifier in reexports {
        // A re-export that does not resolve fails when the file runs;
        // statically it only contributes no names.
        let Ok(Resolved::File(target)) = cache.resolver().resolve(
          specifier,
          path,
          ImportKind::Require,
          runtime,
        ) else {
          continue;
        };
        if let Ok(target_module) = cache.get_or_load(&target) {
          collect(cache, &target, &target_module, runtime, names, seen);
        }
      }
    }
    ModuleKind::Esm => {
      names.extend(module.transpiled.own_exports.iter().cloned())
    }
    ModuleKind::Json | ModuleKind::Wasm => {}
  }
}

fn json_string(text: &str) -> String {
  serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}
