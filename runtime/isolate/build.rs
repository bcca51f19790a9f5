//! Builds the startup snapshot every isolate boots from: deno_webidl,
//! deno_web, deno_fetch, deno_crypto and edgeroute's glue, with all Web
//! globals installed. No JS is read from the cargo registry at run time.

#[path = "src/extensions.rs"]
mod extensions;
#[path = "src/upstream.rs"]
mod upstream;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use deno_core::{ModuleCodeString, ModuleName, SourceMapData};
use deno_error::JsErrorBox;

/// The upstream JS fixes that were applied, by index in `upstream::FIXES`.
type Applied = Rc<RefCell<Vec<usize>>>;

/// deno_core's extension transpiler hook: every extension file's source
/// passes here before it is evaluated into the snapshot.
fn fix_upstream(
  applied: &Applied,
  name: ModuleName,
  code: ModuleCodeString,
) -> Result<(ModuleCodeString, Option<SourceMapData>), JsErrorBox> {
  let fixed =
    upstream::apply(name.as_str(), code.as_str(), &mut applied.borrow_mut())
      .map_err(JsErrorBox::generic)?;
  Ok((fixed.map_or(code, ModuleCodeString::from), None))
}

fn main() {
  let out_dir = PathBuf::from(
    std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"),
  );
  let applied: Applied = Rc::default();
  let hook = applied.clone();
  let output = deno_core::snapshot::create_snapshot(
    deno_core::snapshot::CreateSnapshotOptions {
      cargo_manifest_dir: env!("CARGO_MANIFEST_DIR"),
      startup_snapshot: None,
      skip_op_registration: false,
      extensions: extensions::for_snapshot(),
      extension_transpiler: Some(Rc::new(move |name, code| {
        fix_upstream(&hook, name, code)
      })),
      with_runtime_cb: None,
    },
    None,
  )
  .expect("creating the startup snapshot");
  for (index, fix) in upstream::FIXES.iter().enumerate() {
    assert!(
      applied.borrow().contains(&index),
      "upstream fix #{index}: {} was not in the snapshot",
      fix.specifier
    );
  }
  std::fs::write(out_dir.join("EDGEROUTE_SNAPSHOT.bin"), &output.output)
    .expect("writing the startup snapshot");
  for path in output.files_loaded_during_snapshot {
    println!("cargo:rerun-if-changed={}", path.display());
  }
  println!("cargo:rerun-if-changed=src/extensions.rs");
  println!("cargo:rerun-if-changed=src/upstream.rs");
  println!("cargo:rerun-if-changed=../../js");
  println!("cargo:rerun-if-changed=../../ext/http");
  println!("cargo:rerun-if-changed=../../ext/next");
  println!("cargo:rerun-if-changed=../../ext/node");
}
