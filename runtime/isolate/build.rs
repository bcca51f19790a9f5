//! Builds the startup snapshot every isolate boots from: the Web
//! extensions (deno_webidl, deno_web, deno_fetch, deno_crypto), Deno's Node
//! layer (deno_node and the extensions its JS loads, registered lazily:
//! nothing of it runs at build time) and edgeroute's glue, with all Web
//! globals installed. Extension sources go through `ext_sources.rs`
//! (TypeScript, the Node version, upstream fixes); the lazily loaded files
//! the snapshot did not evaluate are embedded as residual tables
//! (`residual.rs`). No JS is read from the cargo registry at run time.

#[path = "src/ext_sources.rs"]
mod ext_sources;
#[path = "src/extensions.rs"]
mod extensions;
#[path = "src/upstream.rs"]
mod upstream;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::PathBuf;
use std::rc::Rc;

use deno_core::{ModuleCodeString, ModuleName, SourceMapData};
use deno_error::JsErrorBox;
use ext_sources::LazyKind;

/// The upstream JS fixes that were applied, by index in `upstream::FIXES`.
type Applied = Rc<RefCell<Vec<usize>>>;

/// deno_core's extension transpiler hook: every extension file's source
/// passes here before it is evaluated into the snapshot.
fn prepare(
  applied: &Applied,
  name: ModuleName,
  code: ModuleCodeString,
) -> Result<(ModuleCodeString, Option<SourceMapData>), JsErrorBox> {
  let prepared = ext_sources::prepare(
    name.as_str(),
    code.as_str(),
    &mut applied.borrow_mut(),
  )
  .map_err(JsErrorBox::generic)?;
  Ok((ModuleCodeString::from(prepared), None))
}

fn main() {
  let out_dir = PathBuf::from(
    std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"),
  );
  let extensions = extensions::for_snapshot();
  // The lazily loaded files, read before the extensions move into the
  // snapshot: those it does not evaluate are embedded afterwards.
  let mut lazy = Vec::new();
  for extension in &extensions {
    for (files, kind) in [
      (&extension.lazy_loaded_js_files, LazyKind::Script),
      (&extension.lazy_loaded_esm_files, LazyKind::Module),
    ] {
      for file in files.iter() {
        let code = file
          .load()
          .unwrap_or_else(|e| panic!("reading {}: {e}", file.specifier));
        lazy.push((file.specifier.to_owned(), kind, code.as_str().to_owned()));
      }
    }
  }
  let applied: Applied = Rc::default();
  let hook = applied.clone();
  let output = deno_core::snapshot::create_snapshot(
    deno_core::snapshot::CreateSnapshotOptions {
      cargo_manifest_dir: env!("CARGO_MANIFEST_DIR"),
      startup_snapshot: None,
      skip_op_registration: false,
      extensions,
      extension_transpiler: Some(Rc::new(move |name, code| {
        prepare(&hook, name, code)
      })),
      with_runtime_cb: Some(Box::new(|runtime| {
        // `vm.createContext` builds on a context kept in the snapshot.
        let isolate = runtime.v8_isolate();
        deno_core::v8::scope!(scope, isolate);
        let template = deno_node::init_global_template(
          scope,
          deno_node::ContextInitMode::ForSnapshot,
        );
        let context = deno_node::create_v8_context(
          scope,
          template,
          deno_node::ContextInitMode::ForSnapshot,
          std::ptr::null_mut(),
        );
        assert_eq!(scope.add_context(context), deno_node::VM_CONTEXT_INDEX);
      })),
    },
    None,
  )
  .expect("creating the startup snapshot");
  let consumed: HashSet<&str> = output
    .consumed_lazy_specifiers
    .iter()
    .map(String::as_str)
    .collect();
  let mut residual = Vec::new();
  for (specifier, kind, code) in lazy {
    if consumed.contains(specifier.as_str()) {
      continue;
    }
    let prepared =
      ext_sources::prepare(&specifier, &code, &mut applied.borrow_mut())
        .unwrap_or_else(|e| panic!("preparing {specifier}: {e}"));
    residual.push((specifier, kind, prepared));
  }
  for (index, fix) in upstream::FIXES.iter().enumerate() {
    assert!(
      applied.borrow().contains(&index),
      "upstream fix #{index}: {} was not in the snapshot",
      fix.specifier
    );
  }
  std::fs::write(out_dir.join("EDGEROUTE_SNAPSHOT.bin"), &output.output)
    .expect("writing the startup snapshot");
  let tables =
    ext_sources::residual_tables(&out_dir.join("residual"), &residual)
      .expect("writing the residual sources");
  std::fs::write(out_dir.join("residual.rs"), tables)
    .expect("writing residual.rs");
  for path in output.files_loaded_during_snapshot {
    println!("cargo:rerun-if-changed={}", path.display());
  }
  for file in [
    "src/extensions.rs",
    "src/ext_sources.rs",
    "src/node_types.rs",
    "src/upstream.rs",
  ] {
    println!("cargo:rerun-if-changed={file}");
  }
  println!("cargo:rerun-if-changed=../../js");
  println!("cargo:rerun-if-changed=../../ext/http");
  println!("cargo:rerun-if-changed=../../ext/next");
  println!("cargo:rerun-if-changed=../../ext/node");
}
