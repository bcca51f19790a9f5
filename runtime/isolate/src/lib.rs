//! The isolates that run route handlers. An isolate runs on a thread of
//! its own, or (`--threads per-core`) as a task of a core thread beside
//! other isolates and the connections that thread accepted, entered around
//! each poll so that any of them can be retired in any order.
//!
//! | file | what it holds |
//! |---|---|
//! | `build.rs` | the startup snapshot every isolate boots from |
//! | `upstream.rs` | fixes to upstream extensions' JS, applied by `build.rs` |
//! | `extensions.rs` | the extension list (shared with `build.rs`) and the built-in modules it provides |
//! | `worker.rs` | the isolate's life on its host, the `JsRuntime`, the heap limit, turn timing |
//! | `cores.rs` | the core threads; entering an isolate around each poll of its task |
//! | `loader.rs`, `require.rs` | V8's module loader and CommonJS `require()`, over `edgeroute_modules`' cache |
//! | `evaluate.rs` | a throwaway isolate that evaluates next.config at startup |
//! | `factory.rs` | starting isolates; the spare booted ahead of need |
//! | `pool.rs` | the isolates of one route: readiness, capacity, scale-up, queue |
//! | `lane.rs` | a route's lanes (its own threads, each core thread) and which one a request takes |
//! | `slot.rs` | one isolate as the pool and supervisor see it; the permit a request holds |
//! | `supervisor.rs` | the CPU watchdog, idle TTL, app-wide caps |
//! | `control.rs`, `cpu.rs` | state shared with the isolate thread; its CPU clock |
//! | `limits.rs` | isolate limits and pool sizes, with their defaults |
//! | `permissions.rs` | what route code may reach |
//! | `fuzzing.rs` | a JS function in an isolate, for fuzz targets (feature `fuzzing`) |
//!
//! Requests reach an isolate only through a [`Permit`] from
//! [`RoutePool::acquire`]; per-request limits (wall clock, body size) are
//! the HTTP layer's.
#![deny(missing_docs)]

mod control;
mod cores;
mod cpu;
mod evaluate;
mod extensions;
mod factory;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod lane;
mod limits;
mod loader;
mod permissions;
mod pool;
mod require;
mod roots;
mod slot;
mod supervisor;
mod worker;

pub use control::Breach;
pub use cores::Cores;
pub use edgeroute_modules::Runtime;
pub use evaluate::EvaluateError;
pub use factory::IsolateFactory;
pub use limits::{IsolateConfig, IsolateLimits, PoolConfig, Threads};
pub use permissions::Sandbox;
pub use pool::{PoolError, PoolStats, RoutePool};
pub use slot::Permit;
pub use supervisor::Supervisor;
pub use worker::{IsolateBase, IsolateSpec};

/// deno_node modules whose native side is not in the isolates (node:sqlite
/// needs deno_node_sqlite; the inspector, a debugger session), or that are
/// not Node's (`test` is Node's test runner, useless in a route).
const NODE_MODULES_LEFT_OUT: &[&str] = &[
  "inspector",
  "inspector/promises",
  "sqlite",
  "test",
  "test/reporters",
];

/// The modules the isolates' extensions provide, for the app's resolver:
/// `next/*` from `edgeroute_next`; the `node:*` built-ins of the edge
/// runtime and the CommonJS loader from `edgeroute_node`; those of the
/// Node.js runtime from `deno_node`.
pub fn builtins() -> edgeroute_modules::Builtins {
  edgeroute_modules::Builtins {
    specifiers: edgeroute_next::MODULES
      .iter()
      .flat_map(|module| {
        [(module.specifier, module.url), (module.file, module.url)]
      })
      .collect(),
    node: edgeroute_node::BUILTINS
      .iter()
      .map(|builtin| (builtin.name, builtin.url))
      .collect(),
    nodejs: deno_node::SUPPORTED_BUILTIN_NODE_MODULES
      .iter()
      .copied()
      .filter(|name| !NODE_MODULES_LEFT_OUT.contains(name))
      .collect(),
    node_names: edgeroute_node::NODE_MODULE_NAMES,
    commonjs: edgeroute_node::COMMONJS_MODULE,
    empty: edgeroute_node::EMPTY_MODULE,
  }
}

/// Passes `flags` (e.g. `--perf-basic-prof`) to V8 before the first
/// isolate starts; returns those V8 did not recognise.
pub fn set_v8_flags(flags: &str) -> Vec<String> {
  let mut args = vec![String::from("edgeroute")];
  args.extend(flags.split_whitespace().map(str::to_owned));
  let mut unknown = deno_core::v8_set_flags(args);
  // The first element is the program name V8 gave back.
  unknown.retain(|flag| flag != "edgeroute");
  unknown
}

/// How long next.config may take to evaluate (with its async function and
/// `headers()` / `redirects()` / `rewrites()`).
const CONFIG_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// Evaluates the next.config file at `file` in a throwaway isolate on the
/// Node.js runtime and returns the resolved config as JSON, with
/// `headers`, `redirects` and `rewrites` replaced by what those functions
/// returned. `heap` bounds its V8 heap.
pub fn load_next_config(
  base: &IsolateBase,
  file: &std::path::Path,
  heap: usize,
) -> Result<String, EvaluateError> {
  let specifier = edgeroute_modules::file_url(file)
    .map_err(|error| EvaluateError::Start(error.to_string()))?;
  let name = file
    .file_name()
    .map(|name| name.to_string_lossy().into_owned())
    .unwrap_or_default();
  let args = serde_json::to_string(&(specifier.as_str(), name))
    .map_err(|error| EvaluateError::Start(error.to_string()))?;
  evaluate::evaluate(
    base,
    format!("globalThis.__edgerouteBoot.config(...{args})"),
    heap,
    CONFIG_TIME,
  )
}
