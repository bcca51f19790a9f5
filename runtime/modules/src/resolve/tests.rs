//! Resolution cases on small package trees written to a temp folder.

use std::path::{Path, PathBuf};

use super::{ImportKind, Resolved, Resolver};
use crate::Builtins;
use crate::Runtime;

/// A few built-ins, as the isolate crate would pass them (the real lists
/// are tested through the server).
fn builtins() -> Builtins {
  Builtins {
    specifiers: vec![("next/server", "edgeroute:next/server")],
    node: vec![
      ("buffer", "edgeroute:node/buffer"),
      ("events", "edgeroute:node/events"),
    ],
    nodejs: vec!["buffer", "events", "fs", "path"],
    node_names: &["buffer", "events", "fs", "path", "cluster"],
    commonjs: "edgeroute:node/cjs",
    empty: "edgeroute:node/empty",
  }
}

/// A fresh folder under the system temp dir with `files` written in it.
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
  let root = std::env::temp_dir()
    .join(format!("edgeroute-resolve-{}-{name}", std::process::id()));
  let _ = std::fs::remove_dir_all(&root);
  for (path, text) in files {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, text).expect("write");
  }
  std::fs::canonicalize(&root).expect("canonical")
}

fn resolve(root: &Path, specifier: &str, kind: ImportKind) -> String {
  resolve_on(root, specifier, kind, Runtime::Edge)
}

fn resolve_on(
  root: &Path,
  specifier: &str,
  kind: ImportKind,
  runtime: Runtime,
) -> String {
  let resolver = Resolver::new(root, builtins()).expect("resolver");
  match resolver.resolve(specifier, &root.join("app/route.ts"), kind, runtime) {
    Ok(Resolved::File(path)) => path
      .strip_prefix(root)
      .expect("inside the tree")
      .display()
      .to_string(),
    Ok(Resolved::Builtin(url)) => url.to_string(),
    Err(error) => format!("error: {error}"),
  }
}

#[test]
fn exports_conditions_are_the_ones_next_uses_per_runtime() {
  let root = tree(
    "runtimes",
    &[
      ("app/route.ts", ""),
      (
        "node_modules/pkg/package.json",
        r#"{ "name": "pkg", "exports": {
          ".": { "types": "./x.d.ts", "worker": "./worker.js",
                 "edge-light": "./edge.js", "node": "./node.js",
                 "default": "./index.js" },
          "./server-only": { "react-server": "./empty.js", "default": "./throws.js" },
          "./worker-only": { "worker": "./worker.js", "browser": "./browser.js", "default": "./index.js" } } }"#,
      ),
      ("node_modules/pkg/worker.js", ""),
      ("node_modules/pkg/edge.js", ""),
      ("node_modules/pkg/node.js", ""),
      ("node_modules/pkg/index.js", ""),
      ("node_modules/pkg/empty.js", ""),
      ("node_modules/pkg/throws.js", ""),
      ("node_modules/pkg/browser.js", ""),
    ],
  );
  let on = |specifier, runtime| {
    resolve_on(&root, specifier, ImportKind::Import, runtime)
  };
  // Next's bundler never applies `worker`; each runtime has its own key.
  assert_eq!(on("pkg", Runtime::NodeJs), "node_modules/pkg/node.js");
  assert_eq!(on("pkg", Runtime::Edge), "node_modules/pkg/edge.js");
  // Route handlers are on the server layer (`react-server`), as
  // `server-only` relies on.
  for runtime in [Runtime::NodeJs, Runtime::Edge] {
    assert_eq!(on("pkg/server-only", runtime), "node_modules/pkg/empty.js");
  }
  // `browser` only on the edge.
  assert_eq!(
    on("pkg/worker-only", Runtime::NodeJs),
    "node_modules/pkg/index.js"
  );
  assert_eq!(
    on("pkg/worker-only", Runtime::Edge),
    "node_modules/pkg/browser.js"
  );
}

#[test]
fn node_built_ins_depend_on_the_runtime() {
  let root = tree("node-builtins", &[("app/route.ts", "")]);
  let on = |specifier, runtime| {
    resolve_on(&root, specifier, ImportKind::Import, runtime)
  };
  assert_eq!(on("fs", Runtime::NodeJs), "node:fs");
  assert_eq!(on("node:path", Runtime::NodeJs), "node:path");
  let edge = on("fs", Runtime::Edge);
  assert!(
    edge.contains("node:fs is not available in the edge runtime"),
    "{edge}"
  );
  assert_eq!(on("node:buffer", Runtime::Edge), "edgeroute:node/buffer");
  let missing = on("node:cluster", Runtime::NodeJs);
  assert!(
    missing.contains("not available in edgeroute's Node.js runtime"),
    "{missing}"
  );
}

#[test]
fn exports_conditions_follow_the_map_order_with_edge_conditions() {
  let root = tree(
    "conditions",
    &[
      ("app/route.ts", ""),
      (
        "node_modules/pkg/package.json",
        r#"{ "name": "pkg", "main": "./main.js", "exports": {
          ".": { "types": "./x.d.ts", "node": "./node.js",
                 "edge-light": "./worker.js", "import": "./esm.js",
                 "require": "./cjs.js" },
          "./sub": { "require": "./sub.cjs", "default": "./sub.mjs" },
          "./feature/*.js": "./dist/feature/*.js",
          "./feature/internal/*": null,
          "./package.json": "./package.json" } }"#,
      ),
      ("node_modules/pkg/worker.js", ""),
      ("node_modules/pkg/sub.cjs", ""),
      ("node_modules/pkg/sub.mjs", ""),
      ("node_modules/pkg/dist/feature/a/b.js", ""),
    ],
  );
  let import = ImportKind::Import;
  assert_eq!(resolve(&root, "pkg", import), "node_modules/pkg/worker.js");
  assert_eq!(
    resolve(&root, "pkg/sub", ImportKind::Require),
    "node_modules/pkg/sub.cjs"
  );
  assert_eq!(
    resolve(&root, "pkg/sub", import),
    "node_modules/pkg/sub.mjs"
  );
  assert_eq!(
    resolve(&root, "pkg/feature/a/b.js", import),
    "node_modules/pkg/dist/feature/a/b.js"
  );
  let hidden = resolve(&root, "pkg/feature/internal/x", import);
  assert!(
    hidden.contains("does not export './feature/internal/x'"),
    "{hidden}"
  );
  let missing = resolve(&root, "pkg/main.js", import);
  assert!(missing.contains("does not export './main.js'"), "{missing}");
}

#[test]
fn scoped_packages_main_fields_and_nested_node_modules() {
  let root = tree(
    "fields",
    &[
      ("app/route.ts", ""),
      (
        "node_modules/@scope/lib/package.json",
        r#"{ "name": "@scope/lib", "main": "./lib/index.js", "module": "./es/index.js" }"#,
      ),
      ("node_modules/@scope/lib/lib/index.js", ""),
      ("node_modules/@scope/lib/es/index.js", ""),
      ("node_modules/@scope/lib/extra/thing.js", ""),
      ("node_modules/plain/index.js", ""),
    ],
  );
  assert_eq!(
    resolve(&root, "@scope/lib", ImportKind::Import),
    "node_modules/@scope/lib/es/index.js"
  );
  assert_eq!(
    resolve(&root, "@scope/lib", ImportKind::Require),
    "node_modules/@scope/lib/lib/index.js"
  );
  assert_eq!(
    resolve(&root, "@scope/lib/extra/thing", ImportKind::Import),
    "node_modules/@scope/lib/extra/thing.js"
  );
  assert_eq!(
    resolve(&root, "plain", ImportKind::Import),
    "node_modules/plain/index.js"
  );
  let missing = resolve(&root, "absent", ImportKind::Import);
  assert!(
    missing.contains("package 'absent' is not installed"),
    "{missing}"
  );
}

#[test]
fn self_reference_imports_map_and_tsconfig_paths() {
  let root = tree(
    "self",
    &[
      (
        "package.json",
        r##"{ "name": "my-app", "exports": { "./shared/*": "./shared/*.ts" },
             "imports": { "#db": "./lib/db.ts" } }"##,
      ),
      (
        "tsconfig.base.json",
        r#"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#,
      ),
      (
        "tsconfig.json",
        "{ // comment\n \"extends\": \"./tsconfig.base.json\", }",
      ),
      ("app/route.ts", ""),
      ("shared/util.ts", ""),
      ("lib/db.ts", ""),
    ],
  );
  assert_eq!(
    resolve(&root, "my-app/shared/util", ImportKind::Import),
    "shared/util.ts"
  );
  assert_eq!(resolve(&root, "#db", ImportKind::Import), "lib/db.ts");
  assert_eq!(resolve(&root, "@/lib/db", ImportKind::Import), "lib/db.ts");
}

#[test]
fn node_builtins_and_next_modules() {
  let root = tree("builtins", &[("app/route.ts", "")]);
  assert_eq!(
    resolve(&root, "node:buffer", ImportKind::Import),
    "edgeroute:node/buffer"
  );
  assert_eq!(
    resolve(&root, "events", ImportKind::Require),
    "edgeroute:node/events"
  );
  assert_eq!(
    resolve(&root, "next/server", ImportKind::Import),
    "edgeroute:next/server"
  );
  let fs = resolve(&root, "node:fs", ImportKind::Import);
  assert!(fs.contains("node:fs is not available"), "{fs}");
  let path = resolve(&root, "path", ImportKind::Import);
  assert!(path.contains("node:path is not available"), "{path}");
}

#[test]
fn a_bare_imports_pattern_never_becomes_a_path() {
  // Found by the `exports` fuzz target: `"#*": "*"` with `#/etc/x` made
  // the absolute path `/etc/x`.
  let value: serde_json::Value =
    serde_json::from_str(r##"{"#*": "*"}"##).expect("json");
  assert_eq!(
    crate::exports::imports_target(
      &value,
      "#/etc/passwd",
      crate::exports::conditions(Runtime::Edge, ImportKind::Import)
    ),
    None
  );
  assert_eq!(
    crate::exports::imports_target(
      &value,
      "#pkg/x",
      crate::exports::conditions(Runtime::Edge, ImportKind::Import)
    )
    .as_deref(),
    Some("pkg/x")
  );
}

#[test]
fn the_browser_field_object_form_applies_on_the_edge_only() {
  // langsmith's shape: files of the package and modules it imports
  // replaced for browsers (Next's edge bundles apply `browser`).
  let root = tree(
    "browser-map",
    &[
      ("app/route.ts", ""),
      (
        "node_modules/lib/package.json",
        r#"{ "name": "lib", "main": "./dist/index.js",
             "browser": { "./dist/env.js": "./dist/env.browser.js",
                          "./dist/fs-cache": false,
                          "child_process": false,
                          "node-fetch": "./dist/fetch.browser.js" } }"#,
      ),
      ("node_modules/lib/dist/index.js", ""),
      ("node_modules/lib/dist/env.js", ""),
      ("node_modules/lib/dist/env.browser.js", ""),
      ("node_modules/lib/dist/fs-cache.js", ""),
      ("node_modules/lib/dist/fetch.browser.js", ""),
    ],
  );
  let resolver = Resolver::new(&root, builtins()).expect("resolver");
  let from = root.join("node_modules/lib/dist/index.js");
  let on = |specifier: &str, runtime| match resolver.resolve(
    specifier,
    &from,
    ImportKind::Import,
    runtime,
  ) {
    Ok(Resolved::File(path)) => path
      .strip_prefix(&root)
      .expect("inside")
      .display()
      .to_string(),
    Ok(Resolved::Builtin(url)) => url.to_string(),
    Err(error) => format!("error: {error}"),
  };
  assert_eq!(
    on("./env.js", Runtime::Edge),
    "node_modules/lib/dist/env.browser.js"
  );
  assert_eq!(
    on("./env.js", Runtime::NodeJs),
    "node_modules/lib/dist/env.js"
  );
  assert_eq!(on("./fs-cache", Runtime::Edge), "edgeroute:node/empty");
  assert_eq!(on("child_process", Runtime::Edge), "edgeroute:node/empty");
  assert_eq!(
    on("node-fetch", Runtime::Edge),
    "node_modules/lib/dist/fetch.browser.js"
  );
  // On Node.js the module is looked for as usual (not installed here).
  assert!(on("node-fetch", Runtime::NodeJs).contains("not installed"));
}
