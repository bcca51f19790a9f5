//! The `next/*` modules route handlers import: `next/server`
//! (NextRequest, NextResponse), `next/headers` (headers, cookies,
//! draftMode), `next/navigation` (redirect, notFound, ...), `next/cache`.
//!
//! They are built-in: user code importing `next/server` gets these
//! modules, never Next.js's own server code from node_modules. The
//! specifiers are mapped by the runtime's module resolver
//! (`edgeroute_modules::Resolver`), from the `Builtins` that
//! `edgeroute_isolate::builtins()` builds out of [`MODULES`].
#![deny(missing_docs)]

mod cache;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;

pub use cache::{CacheConfig, CacheHandlerModules, DataCacheHandle, RoutePage};

use std::borrow::Cow;
use std::sync::Arc;

use deno_core::{OpState, op2};

/// A `next/*` module this extension serves.
#[derive(Debug, Clone, Copy)]
pub struct NextModule {
  /// The bare specifier user code imports (`next/server`).
  pub specifier: &'static str,
  /// The same with the file's extension, as it is in Next's package
  /// (`next/server.js`), which packages import too.
  pub file: &'static str,
  /// Its module URL (a synthetic ES module of this extension).
  pub url: &'static str,
  /// The lazy script behind it (`lazy_loaded_js`), whose result is the
  /// module's exports.
  pub script: &'static str,
}

/// The `next/*` modules: the one list of them. The extension's synthetic
/// ES modules and the scripts `99_install.js` loads into the snapshot come
/// from here.
pub const MODULES: &[NextModule] = &[
  NextModule {
    specifier: "next/server",
    file: "next/server.js",
    url: "edgeroute:next/server",
    script: "ext:edgeroute_next/10_server.js",
  },
  NextModule {
    specifier: "next/headers",
    file: "next/headers.js",
    url: "edgeroute:next/headers",
    script: "ext:edgeroute_next/11_headers.js",
  },
  NextModule {
    specifier: "next/navigation",
    file: "next/navigation.js",
    url: "edgeroute:next/navigation",
    script: "ext:edgeroute_next/12_navigation.js",
  },
  NextModule {
    specifier: "next/cache",
    file: "next/cache.js",
    url: "edgeroute:next/cache",
    script: "ext:edgeroute_next/13_cache.js",
  },
  NextModule {
    specifier: "next/constants",
    file: "next/constants.js",
    url: "edgeroute:next/constants",
    script: "ext:edgeroute_next/17_constants.js",
  },
];

/// [`MODULES`] as the extension's synthetic ES modules, `(url, script)`.
const SYNTHETIC_ESM: [(&str, &str); MODULES.len()] = {
  let mut out = [("", ""); MODULES.len()];
  let mut i = 0;
  while i < MODULES.len() {
    out[i] = (MODULES[i].url, MODULES[i].script);
    i += 1;
  }
  out
};

/// The cookie `draftMode().enable()` sets; its value is the
/// [`PreviewModeId`].
pub const PREVIEW_COOKIE: &str = "__prerender_bypass";

/// The id `draftMode()` puts in the `__prerender_bypass` cookie; one per
/// server process (Next.js makes one per build).
#[derive(Debug, Clone)]
pub struct PreviewModeId(pub String);

/// Drops cached answers when route code calls `revalidatePath`.
pub trait Revalidator: Send + Sync {
  /// Forgets what is stored for `path`: a URL path (`/blog/a`) or a route
  /// pattern (`/blog/[slug]`, every path it serves).
  fn revalidate_path(&self, path: &str);
}

/// The [`Revalidator`] of the server an isolate belongs to, in `OpState`.
#[derive(Clone)]
pub struct RevalidatorHandle(pub Arc<dyn Revalidator>);

impl std::fmt::Debug for RevalidatorHandle {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.write_str("RevalidatorHandle")
  }
}

/// `revalidatePath(path)`.
#[op2(fast)]
fn op_next_revalidate_path(state: &mut OpState, #[string] path: String) {
  if let Some(handle) = state.try_borrow::<RevalidatorHandle>() {
    handle.0.revalidate_path(&path);
  }
}

/// Returns this process's preview mode id.
#[op2]
#[string]
fn op_next_preview_mode_id(state: &mut OpState) -> String {
  state
    .try_borrow::<PreviewModeId>()
    .map(|id| id.0.clone())
    .unwrap_or_default()
}

/// The scripts of [`MODULES`], which `99_install.js` loads while the
/// snapshot is made.
#[op2]
#[serde]
fn op_next_module_scripts() -> Vec<&'static str> {
  MODULES.iter().map(|module| module.script).collect()
}

/// Registers [`SYNTHETIC_ESM`] as the extension's synthetic ES modules,
/// after checking that `lazy_loaded_js` embeds every script of
/// [`MODULES`] (the macro needs that list as literals). The check runs in
/// debug builds (tests, CI), when the snapshot is built and when an isolate
/// starts, so a missing script fails there.
fn customize(ext: &mut deno_core::Extension) {
  for module in MODULES {
    debug_assert!(
      ext
        .lazy_loaded_js_files
        .iter()
        .any(|file| file.specifier == module.script),
      "edgeroute_next: {} is not in lazy_loaded_js",
      module.script
    );
  }
  ext.synthetic_esm_modules = Cow::Borrowed(&SYNTHETIC_ESM);
}

deno_core::extension!(
  edgeroute_next,
  deps = [deno_web, deno_fetch, edgeroute_http],
  ops = [
    cache::op_next_cache_get,
    cache::op_next_cache_set,
    cache::op_next_cache_invalidate,
    cache::op_next_route_page,
    cache::op_next_cache_config,
    cache::op_next_cache_key,
    op_next_module_scripts,
    op_next_preview_mode_id,
    op_next_revalidate_path,
  ],
  esm = ["99_install.js"],
  // The files must be literals here; customize() checks MODULES' scripts
  // against them.
  lazy_loaded_js = [
    "00_async_store.js",
    "01_cookies.js",
    "02_next_url.js",
    "03_next_request.js",
    "04_next_response.js",
    "05_handler.js",
    "06_mutable_cookies.js",
    "07_fetch_event.js",
    "08_data_cache.js",
    "09_cache_handler.js",
    "10_server.js",
    "11_headers.js",
    "12_navigation.js",
    "13_cache.js",
    "14_config.js",
    "15_fetch.js",
    "16_use_cache.js",
    "17_constants.js",
  ],
  customizer = customize,
);
