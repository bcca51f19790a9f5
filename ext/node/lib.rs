//! What Node-flavoured packages need on an edge runtime: the `node:*`
//! built-ins Next.js's edge runtime provides (`buffer`, `events`,
//! `async_hooks`, `util`, `assert`) plus a `crypto` subset, the global
//! `process` (only `env` and `nextTick`), and `require()` for CommonJS
//! package files.
//!
//! The built-ins are lazy scripts loaded into the startup snapshot and
//! exposed as synthetic ES modules (`edgeroute:node/buffer`, …, see
//! [`BUILTINS`]); `require()` returns the same objects. Module resolution
//! and sources stay in the embedder: it puts a [`ModuleHostHandle`] and a
//! [`ProcessEnv`] in each isolate's `OpState`.
#![deny(missing_docs)]

mod compat;
mod error;
mod hash;
mod project;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use deno_core::{OpState, op2};
use serde::Serialize;

pub use error::NodeError;
pub use project::ProjectRoot;

/// A Node built-in edgeroute provides.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
  /// Its module name (`buffer`), as `node:buffer` and `buffer` name it.
  pub name: &'static str,
  /// Its module URL (a synthetic ES module of this extension).
  pub url: &'static str,
  /// The lazy script behind it (`lazy_loaded_js`): what the script
  /// returns is the module's exports, and what `require()` returns.
  pub script: &'static str,
}

/// The Node built-ins edgeroute provides: the one list of them. The
/// extension's synthetic ES modules, the scripts `99_install.js` loads into
/// the snapshot and `require()`'s URL -> script lookups all come from here.
pub const BUILTINS: &[Builtin] = &[
  Builtin {
    name: "buffer",
    url: "edgeroute:node/buffer",
    script: "ext:edgeroute_node/01_buffer.js",
  },
  Builtin {
    name: "events",
    url: "edgeroute:node/events",
    script: "ext:edgeroute_node/02_events.js",
  },
  Builtin {
    name: "async_hooks",
    url: "edgeroute:node/async_hooks",
    script: "ext:edgeroute_node/03_async_hooks.js",
  },
  Builtin {
    name: "util",
    url: "edgeroute:node/util",
    script: "ext:edgeroute_node/04_util.js",
  },
  Builtin {
    name: "assert",
    url: "edgeroute:node/assert",
    script: "ext:edgeroute_node/05_assert.js",
  },
  Builtin {
    name: "crypto",
    url: "edgeroute:node/crypto",
    script: "ext:edgeroute_node/06_crypto.js",
  },
];

/// The module wrappers of CommonJS files import `loadCommonJs` from here.
pub const COMMONJS_MODULE: &str = "edgeroute:node/cjs";

/// The script behind [`COMMONJS_MODULE`]: the `require()` registry.
const COMMONJS_SCRIPT: &str = "ext:edgeroute_node/20_require.js";

/// An empty module: what a package's `browser` field maps to `false`.
pub const EMPTY_MODULE: &str = "edgeroute:node/empty";

/// The script behind [`EMPTY_MODULE`].
const EMPTY_SCRIPT: &str = "ext:edgeroute_node/21_empty.js";

/// The script behind the built-in module `url` (a [`Builtin::url`], or
/// [`EMPTY_MODULE`]): what `require()` returns for it.
pub fn builtin_script(url: &str) -> Option<&'static str> {
  SYNTHETIC_ESM
    .iter()
    .find(|&&(module, _)| module == url && module != COMMONJS_MODULE)
    .map(|&(_, script)| script)
}

/// Every synthetic ES module of the extension, as `(module URL, script)`:
/// [`BUILTINS`], then [`COMMONJS_MODULE`] and [`EMPTY_MODULE`].
const SYNTHETIC_ESM: [(&str, &str); BUILTINS.len() + 2] = {
  let mut out = [(COMMONJS_MODULE, COMMONJS_SCRIPT); BUILTINS.len() + 2];
  let mut i = 0;
  while i < BUILTINS.len() {
    out[i] = (BUILTINS[i].url, BUILTINS[i].script);
    i += 1;
  }
  out[BUILTINS.len() + 1] = (EMPTY_MODULE, EMPTY_SCRIPT);
  out
};

/// Every module name Node itself provides (Node 22); bare imports of these
/// name the built-in, never a package.
pub const NODE_MODULE_NAMES: &[&str] = &[
  "assert",
  "assert/strict",
  "async_hooks",
  "buffer",
  "child_process",
  "cluster",
  "console",
  "constants",
  "crypto",
  "dgram",
  "diagnostics_channel",
  "dns",
  "dns/promises",
  "domain",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "inspector",
  "module",
  "net",
  "os",
  "path",
  "path/posix",
  "path/win32",
  "perf_hooks",
  "process",
  "punycode",
  "querystring",
  "readline",
  "readline/promises",
  "repl",
  "stream",
  "stream/consumers",
  "stream/promises",
  "stream/web",
  "string_decoder",
  "sys",
  "timers",
  "timers/promises",
  "tls",
  "trace_events",
  "tty",
  "url",
  "util",
  "util/types",
  "v8",
  "vm",
  "wasi",
  "worker_threads",
  "zlib",
];

/// What a `require()` found.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Required {
  /// A built-in module ([`BUILTINS`]).
  Builtin {
    /// Its module URL.
    url: String,
    /// The script whose exports `require()` returns
    /// ([`builtin_script`] of `url`).
    script: &'static str,
  },
  /// A CommonJS file.
  #[serde(rename = "commonJs")]
  CommonJs {
    /// Absolute path.
    filename: String,
    /// Its `file://` URL (the script name in stack traces).
    url: String,
  },
  /// A JSON file (`module.exports` = its parsed value).
  Json {
    /// Absolute path.
    filename: String,
    /// Its `file://` URL.
    url: String,
  },
  /// A `node:*` module of the Node.js runtime (deno_node's), by name
  /// (`fs`, `fs/promises`).
  NodeBuiltin {
    /// Its module name.
    name: String,
  },
  /// An ES module, which `require()` cannot load.
  EsModule {
    /// Absolute path.
    filename: String,
  },
}

/// Resolution and sources for `require()`, provided by the embedder.
pub trait ModuleHost: Send + Sync {
  /// Resolves `specifier` required from the file `referrer` (a path);
  /// `native` when Node.js itself would answer it at run time (a
  /// `module.createRequire()` require and what it loads).
  fn resolve(
    &self,
    specifier: &str,
    referrer: &str,
    native: bool,
  ) -> Result<Required, String>;
  /// The source of a CommonJS or JSON file returned by `resolve`.
  fn source(&self, filename: &str) -> Result<String, String>;
}

/// The [`ModuleHost`] of an isolate, in `OpState`.
#[derive(Clone)]
pub struct ModuleHostHandle(pub Arc<dyn ModuleHost>);

impl std::fmt::Debug for ModuleHostHandle {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.write_str("ModuleHostHandle")
  }
}

/// `process.env` of an isolate, in `OpState`.
#[derive(Debug, Clone, Default)]
pub struct ProcessEnv(pub Arc<HashMap<String, String>>);

/// `require(specifier)` from `referrer`: what it names.
#[op2]
#[serde]
fn op_node_require_resolve(
  state: &mut OpState,
  #[string] specifier: &str,
  #[string] referrer: &str,
  native: bool,
) -> Result<Required, NodeError> {
  let host = state
    .try_borrow::<ModuleHostHandle>()
    .ok_or(NodeError::NoHost)?;
  host
    .0
    .resolve(specifier, referrer, native)
    .map_err(NodeError::Require)
}

/// The source of a CommonJS or JSON file.
#[op2]
#[string]
fn op_node_require_source(
  state: &mut OpState,
  #[string] filename: &str,
) -> Result<String, NodeError> {
  let host = state
    .try_borrow::<ModuleHostHandle>()
    .ok_or(NodeError::NoHost)?;
  host.0.source(filename).map_err(NodeError::Require)
}

/// The scripts of every synthetic ES module ([`BUILTINS`], then
/// `require()`'s), which `99_install.js` loads while the snapshot is made.
#[op2]
#[serde]
fn op_node_builtin_scripts() -> Vec<&'static str> {
  SYNTHETIC_ESM.iter().map(|&(_, script)| script).collect()
}

/// The variables `process.env` starts with.
#[op2]
#[serde]
fn op_node_process_env(state: &mut OpState) -> HashMap<String, String> {
  state
    .try_borrow::<ProcessEnv>()
    .map(|env| env.0.as_ref().clone())
    .unwrap_or_default()
}

/// Registers [`SYNTHETIC_ESM`] as the extension's synthetic ES modules,
/// after checking that `lazy_loaded_js` embeds exactly their scripts (the
/// macro needs that list as literals). The check runs in debug builds
/// (tests, CI), when the snapshot is built and when an isolate starts, so a
/// script missing from either list fails there.
fn customize(ext: &mut deno_core::Extension) {
  if cfg!(debug_assertions) {
    let mut lazy: Vec<&str> = ext
      .lazy_loaded_js_files
      .iter()
      .map(|file| file.specifier)
      .collect();
    let mut scripts: Vec<&str> =
      SYNTHETIC_ESM.iter().map(|&(_, script)| script).collect();
    lazy.sort_unstable();
    scripts.sort_unstable();
    debug_assert_eq!(
      lazy, scripts,
      "edgeroute_node: lazy_loaded_js must list the scripts of BUILTINS and require()"
    );
  }
  ext.synthetic_esm_modules = Cow::Borrowed(&SYNTHETIC_ESM);
}

deno_core::extension!(
  edgeroute_node,
  deps = [deno_web, deno_crypto, deno_fs, deno_os, deno_node],
  ops = [
    op_node_builtin_scripts,
    op_node_require_resolve,
    op_node_require_source,
    op_node_process_env,
    project::op_node_process_ids,
    project::op_node_build_target,
    hash::op_node_digest,
    hash::op_node_hash_block_size,
    compat::op_current_thread_cpu_usage,
    compat::op_napi_open,
    compat::op_bootstrap_color_depth,
    compat::op_http_serve_address_override,
    compat::op_http_notify_serving,
  ],
  esm = [
    "10_errors.js",
    "11_deno.js",
    "30_nodejs.js",
    "99_install.js"
  ],
  // The files must be literals here; customize() checks them against
  // BUILTINS.
  lazy_loaded_js = [
    // Third-party code stays under vendor/, beside its licences.
    "ext:edgeroute_node/01_buffer.js" = "vendor/buffer-6.0.3.js",
    "ext:edgeroute_node/02_events.js" = "vendor/events-3.3.0.js",
    "03_async_hooks.js",
    "04_util.js",
    "05_assert.js",
    "06_crypto.js",
    "20_require.js",
    "21_empty.js",
  ],
  // deno_fs's working-directory ops act on the whole process.
  middleware = |op| match op.name {
    "op_fs_cwd" => project::op_fs_cwd(),
    "op_fs_chdir" => project::op_fs_chdir(),
    _ => op,
  },
  customizer = customize,
);
