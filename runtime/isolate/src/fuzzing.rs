//! A JS function in a real isolate, called from Rust once per input: the
//! harness of fuzz targets over JS code (`ext/next/fuzz`) and of the
//! tests that replay their corpora. The isolate boots from the same
//! snapshot, with the same extensions and module loader, as a route's.

use std::path::Path;
use std::sync::Arc;

use deno_core::{JsRuntime, PollEventLoopOptions, v8};
use edgeroute_modules::{ModuleCache, Resolver};

use super::control::IsolateControl;
use super::worker::{IsolateBase, boot};

/// Heap for the harness isolate.
const HEAP: usize = 256 << 20;
/// How many calls run between two turns of the isolate's event loop.
const PUMP_EVERY: u32 = 256;

/// An isolate that has evaluated a harness module defining
/// `globalThis[function]`, a function from string to string.
pub struct ScriptHarness {
  // Dropped before the tokio runtime the isolate posts its tasks to.
  js: JsRuntime,
  function: v8::Global<v8::Function>,
  runtime: tokio::runtime::Runtime,
  calls: u32,
}

impl std::fmt::Debug for ScriptHarness {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.debug_struct("ScriptHarness").finish_non_exhaustive()
  }
}

impl ScriptHarness {
  /// Boots an isolate for a project at `root` (imports resolve as a
  /// route's would), evaluates `source` as the ES module
  /// `root/__harness.mjs`, and takes `globalThis[function]`.
  pub fn new(
    root: &Path,
    source: &str,
    function: &str,
  ) -> Result<ScriptHarness, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
      .enable_all()
      .build()
      .map_err(|e| e.to_string())?;
    let resolver =
      Resolver::new(root, crate::builtins()).map_err(|e| e.to_string())?;
    let base = IsolateBase {
      cache: Arc::new(ModuleCache::with_resolver(resolver)),
      preview_mode_id: Arc::from("harness"),
      revalidator: edgeroute_next::RevalidatorHandle(Arc::new(NoCache)),
      data_cache: None,
      cache_config: Default::default(),
      env: edgeroute_node::ProcessEnv(Arc::default()),
      root: root.to_path_buf(),
      sandbox: Arc::default(),
      node_routes: false,
    };
    // No supervisor watches a harness: the CPU limit is never checked.
    let control = Arc::new(IsolateControl::new(std::time::Duration::MAX));
    // V8 posts its delayed tasks (GC) to the runtime current at creation.
    let mut js = {
      let _context = runtime.enter();
      boot(&base, HEAP, &control, std::rc::Rc::default())
        .map_err(|e| e.to_string())?
    };
    let url =
      deno_core::url::Url::from_file_path(root.join("__harness.mjs"))
        .map_err(|()| format!("{} is not an absolute path", root.display()))?;
    let source = source.to_owned();
    runtime.block_on(async {
      let id = js
        .load_main_es_module_from_code(&url, source)
        .await
        .map_err(|e| e.to_string())?;
      let evaluated = js.mod_evaluate(id);
      js.run_event_loop(PollEventLoopOptions::default())
        .await
        .map_err(|e| e.to_string())?;
      evaluated.await.map_err(|e| e.to_string())
    })?;
    let name = serde_json::to_string(function).map_err(|e| e.to_string())?;
    let global = js
      .execute_script("[harness]", format!("globalThis[{name}]"))
      .map_err(|e| e.to_string())?;
    let function = {
      deno_core::scope!(scope, js);
      let value = v8::Local::new(scope, global);
      let function = v8::Local::<v8::Function>::try_from(value)
        .map_err(|_| format!("globalThis[{name}] is not a function"))?;
      v8::Global::new(scope, function)
    };
    Ok(ScriptHarness {
      js,
      function,
      runtime,
      calls: 0,
    })
  }

  /// Calls the function with `input`; its result as a string, or the
  /// exception's text.
  pub fn call(&mut self, input: &str) -> Result<String, String> {
    self.calls = self.calls.wrapping_add(1);
    if self.calls.is_multiple_of(PUMP_EVERY) {
      // The tasks V8 posted meanwhile (GC finalisation) run here.
      self
        .runtime
        .block_on(self.js.run_event_loop(PollEventLoopOptions::default()))
        .map_err(|e| e.to_string())?;
    }
    deno_core::scope!(scope, self.js);
    v8::tc_scope!(let scope, scope);
    let function = v8::Local::new(scope, &self.function);
    let input = v8::String::new(scope, input)
      .ok_or_else(|| "the input is too long for a V8 string".to_owned())?;
    let this = v8::undefined(scope).into();
    match function.call(scope, this, &[input.into()]) {
      Some(result) => Ok(result.to_rust_string_lossy(scope)),
      None => Err(
        scope
          .exception()
          .map(|e| e.to_rust_string_lossy(scope))
          .unwrap_or_else(|| "terminated".to_owned()),
      ),
    }
  }
}

/// `revalidatePath` in a harness: nothing is stored.
struct NoCache;

impl edgeroute_next::Revalidator for NoCache {
  fn revalidate_path(&self, _path: &str) {}
}
