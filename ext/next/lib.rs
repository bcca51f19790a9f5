//! The `next/*` modules route handlers import: `next/server`
//! (NextRequest, NextResponse), `next/headers` (headers, cookies,
//! draftMode), `next/navigation` (redirect, notFound, ...), `next/cache`.
//!
//! They are built-in: user code importing `next/server` gets these
//! modules (the runtime's loader maps the specifiers to
//! [`SPECIFIERS`]), never Next.js's own server code from node_modules.
#![deny(missing_docs)]

use std::sync::Arc;

use deno_core::{OpState, op2};

/// Bare specifiers served by this extension and their module URLs.
pub const SPECIFIERS: &[(&str, &str)] = &[
  ("next/server", "edgeroute:next/server"),
  ("next/headers", "edgeroute:next/headers"),
  ("next/navigation", "edgeroute:next/navigation"),
  ("next/cache", "edgeroute:next/cache"),
];

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

deno_core::extension!(
  edgeroute_next,
  deps = [deno_web, deno_fetch, edgeroute_http],
  ops = [op_next_preview_mode_id, op_next_revalidate_path],
  esm = ["99_install.js"],
  lazy_loaded_js = [
    "00_request_store.js",
    "01_cookies.js",
    "02_next_url.js",
    "03_next_request.js",
    "04_next_response.js",
    "05_handler.js",
    "06_stores.js",
    "10_server.js",
    "11_headers.js",
    "12_navigation.js",
    "13_cache.js",
  ],
  synthetic_esm = [
    "edgeroute:next/server" = "ext:edgeroute_next/10_server.js",
    "edgeroute:next/headers" = "ext:edgeroute_next/11_headers.js",
    "edgeroute:next/navigation" = "ext:edgeroute_next/12_navigation.js",
    "edgeroute:next/cache" = "ext:edgeroute_next/13_cache.js",
  ],
);
