//! `require()` for CommonJS files, answered from the same resolver and
//! module cache as `import` (the [`ModuleHost`] the node extension asks).

use std::path::Path;
use std::sync::Arc;

use edgeroute_node::{ModuleHost, Required};

use edgeroute_modules::{
  ImportKind, ModuleCache, ModuleKind, Resolved, Runtime,
};

/// Resolves and serves `require()`d files for one route's isolate.
#[derive(Debug)]
pub struct RequireHost {
  cache: Arc<ModuleCache>,
  runtime: Runtime,
}

impl RequireHost {
  /// A host over the app's module cache, resolving as on `runtime`.
  pub fn new(cache: Arc<ModuleCache>, runtime: Runtime) -> Self {
    Self { cache, runtime }
  }
}

impl ModuleHost for RequireHost {
  fn resolve(
    &self,
    specifier: &str,
    referrer: &str,
    native: bool,
  ) -> Result<Required, String> {
    let kind = if native {
      ImportKind::NativeRequire
    } else {
      ImportKind::Require
    };
    let resolved = self
      .cache
      .resolver()
      .resolve(specifier, Path::new(referrer), kind, self.runtime)
      .map_err(|e| e.to_string())?;
    let path = match resolved {
      // deno_node's built-ins, by the name its require() knows them by.
      Resolved::Builtin(url) if url.scheme() == "node" => {
        return Ok(Required::NodeBuiltin {
          name: url.path().to_owned(),
        });
      }
      Resolved::Builtin(url) if url.as_str().starts_with("edgeroute:node/") => {
        let script = edgeroute_node::builtin_script(url.as_str())
          .ok_or_else(|| format!("{url} is not a node built-in"))?;
        return Ok(Required::Builtin {
          url: url.to_string(),
          script,
        });
      }
      Resolved::Builtin(url) => {
        return Err(format!(
          "cannot require('{specifier}') from {referrer}: {url} is an ES module; import it"
        ));
      }
      Resolved::File(path) => path,
    };
    let module = self.cache.get_or_load(&path).map_err(|e| e.to_string())?;
    let filename = path.display().to_string();
    let url = module.specifier.to_string();
    Ok(match module.transpiled.kind {
      ModuleKind::CommonJs { .. } => Required::CommonJs { filename, url },
      ModuleKind::Json => Required::Json { filename, url },
      ModuleKind::Esm | ModuleKind::Wasm => Required::EsModule { filename },
    })
  }

  fn source(&self, filename: &str) -> Result<String, String> {
    let module = self
      .cache
      .get_or_load(Path::new(filename))
      .map_err(|e| e.to_string())?;
    Ok(module.transpiled.code.to_string())
  }
}
