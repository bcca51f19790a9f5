//! Builds the startup snapshot every isolate boots from: deno_webidl,
//! deno_web, deno_fetch, deno_crypto and edgeroute's glue, with all Web
//! globals installed. No JS is read from the cargo registry at run time.

#[path = "src/extensions.rs"]
mod extensions;

use std::path::PathBuf;

fn main() {
  let out_dir = PathBuf::from(
    std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"),
  );
  let output = deno_core::snapshot::create_snapshot(
    deno_core::snapshot::CreateSnapshotOptions {
      cargo_manifest_dir: env!("CARGO_MANIFEST_DIR"),
      startup_snapshot: None,
      skip_op_registration: false,
      extensions: extensions::for_snapshot(),
      extension_transpiler: None,
      with_runtime_cb: None,
    },
    None,
  )
  .expect("creating the startup snapshot");
  std::fs::write(out_dir.join("EDGEROUTE_SNAPSHOT.bin"), &output.output)
    .expect("writing the startup snapshot");
  for path in output.files_loaded_during_snapshot {
    println!("cargo:rerun-if-changed={}", path.display());
  }
  println!("cargo:rerun-if-changed=src/extensions.rs");
  println!("cargo:rerun-if-changed=../../js");
  println!("cargo:rerun-if-changed=../../ext/http");
  println!("cargo:rerun-if-changed=../../ext/next");
  println!("cargo:rerun-if-changed=../../ext/node");
}
