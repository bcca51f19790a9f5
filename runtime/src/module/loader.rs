//! The `ModuleLoader` every isolate uses: resolves relative imports on
//! disk and serves transpiled code (and source maps) from the shared
//! [`ModuleCache`].

use std::borrow::Cow;
use std::sync::Arc;

use deno_core::error::ModuleLoaderError;
use deno_core::{
  ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse, ModuleLoader,
  ModuleSource, ModuleSourceCode, ModuleSpecifier, ModuleType,
  RequestedModuleType, ResolutionKind,
};
use deno_error::JsErrorBox;

use super::{ModuleCache, file_url, resolve_import};

/// Loads route modules for one isolate.
pub struct EdgeLoader {
  cache: Arc<ModuleCache>,
}

impl EdgeLoader {
  /// A loader over the shared cache.
  pub fn new(cache: Arc<ModuleCache>) -> Self {
    Self { cache }
  }
}

fn to_js_error(error: super::ModuleError) -> ModuleLoaderError {
  JsErrorBox::generic(error.to_string())
}

/// `next/server` and friends: always edgeroute's own modules, even when
/// the app has `next` in node_modules.
fn builtin_module(specifier: &str) -> Option<ModuleSpecifier> {
  let bare = specifier.strip_suffix(".js").unwrap_or(specifier);
  edgeroute_next::SPECIFIERS
    .iter()
    .find(|(name, _)| *name == bare)
    .and_then(|(_, url)| ModuleSpecifier::parse(url).ok())
}

impl ModuleLoader for EdgeLoader {
  fn resolve(
    &self,
    specifier: &str,
    referrer: &str,
    _kind: ResolutionKind,
  ) -> Result<ModuleSpecifier, ModuleLoaderError> {
    if let Ok(url) = ModuleSpecifier::parse(specifier)
      && (url.scheme() == "file" || url.scheme() == "edgeroute")
    {
      return Ok(url);
    }
    if let Some(builtin) = builtin_module(specifier) {
      return Ok(builtin);
    }
    let referrer_url = ModuleSpecifier::parse(referrer).map_err(|e| {
      JsErrorBox::generic(format!("bad referrer {referrer}: {e}"))
    })?;
    let referrer_path = referrer_url.to_file_path().map_err(|()| {
      JsErrorBox::generic(format!(
        "cannot resolve '{specifier}' from non-file module {referrer}"
      ))
    })?;
    let path =
      resolve_import(specifier, &referrer_path).map_err(to_js_error)?;
    file_url(&path).map_err(to_js_error)
  }

  fn load(
    &self,
    specifier: &ModuleSpecifier,
    _referrer: Option<&ModuleLoadReferrer>,
    options: ModuleLoadOptions,
  ) -> ModuleLoadResponse {
    let result = (|| {
      let path = specifier.to_file_path().map_err(|()| {
        JsErrorBox::generic(format!(
          "only file modules can be loaded: {specifier}"
        ))
      })?;
      if options.requested_module_type != RequestedModuleType::None {
        return Err(JsErrorBox::generic(format!(
          "import attributes are not supported yet: {specifier}"
        )));
      }
      let module = self.cache.get_or_load(&path).map_err(to_js_error)?;
      Ok(ModuleSource::new(
        ModuleType::JavaScript,
        ModuleSourceCode::String(module.code.clone().into()),
        specifier,
        None,
      ))
    })();
    ModuleLoadResponse::Sync(result)
  }

  fn get_source_map(&self, file_name: &str) -> Option<Cow<'_, [u8]>> {
    let module = self.cache.get(file_name)?;
    let map = module.source_map.as_ref()?;
    Some(Cow::Owned(map.to_vec()))
  }
}
