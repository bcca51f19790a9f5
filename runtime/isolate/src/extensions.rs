//! The extension list every isolate is built from, shared with `build.rs`
//! (which snapshots it), and the built-in modules those extensions
//! provide. The list and its order must be identical in both places: the
//! snapshot records ops by position.

use deno_core::Extension;

#[path = "node_types.rs"]
pub mod node_types;

use node_types::{InNodeModules, NodeModulesFolders, NodeSys};

deno_core::extension!(
  edgeroute_runtime,
  deps = [
    deno_webidl,
    deno_web,
    deno_fetch,
    deno_crypto,
    deno_node,
    edgeroute_http,
    edgeroute_next,
    edgeroute_node
  ],
  esm_entry_point = "ext:edgeroute_runtime/99_main.js",
  esm = [
    dir "../../js",
    "01_globals.js",
    "99_main.js",
  ],
  lazy_loaded_esm = [
    dir "../../js",
    "ext:runtime/98_global_scope_shared.js" = "98_global_scope_shared.js",
  ],
  lazy_loaded_js = [
    dir "../../js",
    "ext:deno_telemetry/telemetry.ts" = "telemetry.js",
    "ext:deno_telemetry/util.ts" = "telemetry_util.js",
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
    deno_net::deno_net::lazy_init(),
    deno_io::deno_io::lazy_init(),
    deno_fs::deno_fs::lazy_init(),
    deno_os::deno_os::lazy_init(),
    deno_process::deno_process::lazy_init(),
    deno_websocket::deno_websocket::lazy_init(),
    deno_node_crypto::deno_node_crypto::lazy_init(),
    deno_node::deno_node::lazy_init::<InNodeModules, NodeModulesFolders, NodeSys>(
    ),
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
  let fs: deno_fs::FileSystemRc = deno_fs::sync::MaybeArc::new(deno_fs::RealFs);
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
      root_cert_store_provider: Some(roots.clone()),
      ..Default::default()
    }),
    deno_crypto::deno_crypto::init(None),
    deno_net::deno_net::init(Some(roots), None),
    // deno_io's op_print writes to resources 1 and 2: the server's stdout
    // and stderr, as the console wrote before; stdin reads nothing.
    deno_io::deno_io::init(Some(deno_io::Stdio {
      stdin: std::fs::File::open("/dev/null").map_or_else(
        |_| deno_io::StdioPipe::inherit(),
        deno_io::StdioPipe::file,
      ),
      stdout: deno_io::StdioPipe::inherit(),
      stderr: deno_io::StdioPipe::inherit(),
    })),
    deno_fs::deno_fs::init(fs.clone()),
    deno_os::deno_os::init(None),
    deno_process::deno_process::init(None),
    deno_websocket::deno_websocket::init(),
    deno_node_crypto::deno_node_crypto::init(),
    deno_node::deno_node::init::<InNodeModules, NodeModulesFolders, NodeSys>(
      None, fs,
    ),
    edgeroute_http::edgeroute_http::init(),
    edgeroute_next::edgeroute_next::init(),
    edgeroute_node::edgeroute_node::init(),
    edgeroute_runtime::init(),
  ]
}
