//! The extension list every isolate is built from, shared with `build.rs`
//! (which snapshots it), and the built-in modules those extensions
//! provide. The list and its order must be identical in both places: the
//! snapshot records ops by position.

use deno_core::Extension;

deno_core::extension!(
  edgeroute_runtime,
  deps = [
    deno_webidl,
    deno_web,
    deno_fetch,
    deno_crypto,
    edgeroute_http,
    edgeroute_next,
    edgeroute_node
  ],
  esm_entry_point = "ext:edgeroute_runtime/99_main.js",
  esm = [
    dir "../../js",
    "00_telemetry.js",
    "01_globals.js",
    "99_main.js",
  ],
  lazy_loaded_js = [
    dir "../../js",
    "ext:deno_net/02_tls.js" = "02_tls.js",
  ],
);

/// Extensions for building the snapshot: same list, no per-isolate state.
#[allow(dead_code, reason = "used by build.rs only")]
pub fn for_snapshot() -> Vec<Extension> {
  vec![
    deno_webidl::deno_webidl::lazy_init(),
    deno_web::deno_web::lazy_init(),
    deno_fetch::deno_fetch::lazy_init(),
    deno_crypto::deno_crypto::lazy_init(),
    edgeroute_http::edgeroute_http::init(),
    edgeroute_next::edgeroute_next::init(),
    edgeroute_node::edgeroute_node::init(),
    edgeroute_runtime::init(),
  ]
}

/// Extensions for a live isolate, with their per-isolate state; `roots`
/// are the CAs outgoing HTTPS trusts.
#[allow(dead_code, reason = "used by the library only")]
pub fn for_runtime(
  roots: std::sync::Arc<dyn deno_tls::RootCertStoreProvider>,
) -> Vec<Extension> {
  vec![
    deno_webidl::deno_webidl::init(),
    deno_web::deno_web::init(
      std::sync::Arc::new(deno_web::BlobStore::default()),
      None,
      false,
      Default::default(),
    ),
    deno_fetch::deno_fetch::init(deno_fetch::Options {
      user_agent: concat!("edgeroute/", env!("CARGO_PKG_VERSION")).to_owned(),
      root_cert_store_provider: Some(roots),
      ..Default::default()
    }),
    deno_crypto::deno_crypto::init(None),
    edgeroute_http::edgeroute_http::init(),
    edgeroute_next::edgeroute_next::init(),
    edgeroute_node::edgeroute_node::init(),
    edgeroute_runtime::init(),
  ]
}
