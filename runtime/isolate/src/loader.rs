//! The `ModuleLoader` every isolate uses: resolves imports with the app's
//! `Resolver` and serves transpiled code (and source
//! maps) from the shared [`ModuleCache`]. CommonJS and JSON files are
//! served as small ES modules standing for them.

use std::borrow::Cow;
use std::sync::Arc;

use deno_core::error::ModuleLoaderError;
use deno_core::{
  ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse, ModuleLoader,
  ModuleSource, ModuleSourceCode, ModuleSpecifier, ModuleType,
  RequestedModuleType, ResolutionKind, SourceCodeCacheInfo,
};
use deno_error::JsErrorBox;

use edgeroute_modules::{
  ImportKind, ModuleCache, ModuleError, ModuleKind, Resolved, Runtime, cjs,
  file_url,
};

/// V8 code caches of the extension files compiled at run time rather than
/// in the snapshot (deno_node's Node layer, `node:*` modules), shared by
/// every isolate of the process: the first isolate that compiles a file
/// stores its cache, the others consume it instead of parsing and
/// compiling it again. Keyed by specifier, checked by a hash of the source.
static CODE_CACHE: std::sync::LazyLock<CodeCaches> =
  std::sync::LazyLock::new(dashmap::DashMap::new);

/// Specifier → (source hash, V8 code cache).
type CodeCaches = dashmap::DashMap<String, (u64, Arc<[u8]>)>;

fn source_hash(source: &str) -> u64 {
  use std::hash::{Hash, Hasher};
  let mut hasher = std::hash::DefaultHasher::new();
  source.hash(&mut hasher);
  hasher.finish()
}

/// Loads route modules for one isolate.
pub struct EdgeLoader {
  cache: Arc<ModuleCache>,
  /// The runtime of the isolate's route (set when it gets one).
  runtime: std::rc::Rc<std::cell::Cell<Runtime>>,
}

impl EdgeLoader {
  /// A loader over the shared cache, resolving as on `runtime`.
  pub fn new(
    cache: Arc<ModuleCache>,
    runtime: std::rc::Rc<std::cell::Cell<Runtime>>,
  ) -> Self {
    Self { cache, runtime }
  }
}

fn to_js_error(error: ModuleError) -> ModuleLoaderError {
  JsErrorBox::generic(error.to_string())
}

impl ModuleLoader for EdgeLoader {
  fn resolve(
    &self,
    specifier: &str,
    referrer: &str,
    _kind: ResolutionKind,
  ) -> Result<ModuleSpecifier, ModuleLoaderError> {
    if specifier == edgeroute_node::COMMONJS_MODULE {
      // Only the wrappers this loader generates may import the CommonJS
      // loader: route code must not load arbitrary files through it.
      let is_wrapper = self.cache.get(referrer).is_some_and(|m| {
        matches!(m.transpiled.kind, ModuleKind::CommonJs { .. })
      });
      return if is_wrapper {
        ModuleSpecifier::parse(specifier)
          .map_err(|e| JsErrorBox::generic(e.to_string()))
      } else {
        Err(JsErrorBox::generic(format!(
          "{specifier} is internal to edgeroute (imported from {referrer})"
        )))
      };
    }
    if let Ok(url) = ModuleSpecifier::parse(specifier)
      && (url.scheme() == "file" || url.scheme() == "edgeroute")
    {
      return Ok(url);
    }
    let referrer_url = ModuleSpecifier::parse(referrer).map_err(|e| {
      JsErrorBox::generic(format!("bad referrer {referrer}: {e}"))
    })?;
    let referrer_path = referrer_url.to_file_path().map_err(|()| {
      JsErrorBox::generic(format!(
        "cannot resolve '{specifier}' from non-file module {referrer}"
      ))
    })?;
    match self
      .cache
      .resolver()
      .resolve(
        specifier,
        &referrer_path,
        ImportKind::Import,
        self.runtime.get(),
      )
      .map_err(to_js_error)?
    {
      Resolved::File(path) => file_url(&path).map_err(to_js_error),
      Resolved::Builtin(url) => Ok(url),
    }
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
      let module = self.cache.get_or_load(&path).map_err(to_js_error)?;
      let json_requested =
        options.requested_module_type == RequestedModuleType::Json;
      if options.requested_module_type != RequestedModuleType::None
        && !json_requested
      {
        return Err(JsErrorBox::generic(format!(
          "unsupported import attributes for {specifier}"
        )));
      }
      let (module_type, code): (ModuleType, Arc<str>) = match &module
        .transpiled
        .kind
      {
        ModuleKind::Json if json_requested => {
          (ModuleType::Json, module.transpiled.code.clone())
        }
        _ if json_requested => {
          return Err(JsErrorBox::type_error(format!(
            "{specifier} is not a JSON file but was imported with type: \"json\""
          )));
        }
        ModuleKind::Esm => {
          (ModuleType::JavaScript, module.transpiled.code.clone())
        }
        ModuleKind::CommonJs { .. } => (
          ModuleType::JavaScript,
          cjs::esm_wrapper(&self.cache, &module, self.runtime.get()).into(),
        ),
        ModuleKind::Json => {
          (ModuleType::JavaScript, cjs::json_wrapper(&module).into())
        }
        ModuleKind::Wasm => (
          ModuleType::JavaScript,
          format!(
            "const bytes = Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0));\nexport default new WebAssembly.Module(bytes);\n",
            module.transpiled.code
          )
          .into(),
        ),
      };
      Ok(ModuleSource::new(
        module_type,
        ModuleSourceCode::String(code.into()),
        specifier,
        None,
      ))
    })();
    ModuleLoadResponse::Sync(result)
  }

  fn get_code_cache(
    &self,
    specifier: &ModuleSpecifier,
    source: &str,
  ) -> Option<SourceCodeCacheInfo> {
    let hash = source_hash(source);
    let data = CODE_CACHE
      .get(specifier.as_str())
      .filter(|entry| entry.0 == hash)
      .map(|entry| Cow::Owned(entry.1.to_vec()));
    Some(SourceCodeCacheInfo { hash, data })
  }

  fn code_cache_ready(
    &self,
    specifier: ModuleSpecifier,
    hash: u64,
    code_cache: &[u8],
  ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    CODE_CACHE.insert(specifier.to_string(), (hash, Arc::from(code_cache)));
    Box::pin(std::future::ready(()))
  }

  fn get_source_map(&self, file_name: &str) -> Option<Cow<'_, [u8]>> {
    let module = self.cache.get(file_name)?;
    let map = module.transpiled.source_map.as_ref()?;
    Some(Cow::Owned(map.to_vec()))
  }
}
