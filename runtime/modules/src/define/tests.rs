//! next.config `env` inlining, through `transpile_with_defines` and the
//! module cache.

use std::path::Path;

use super::Defines;
use crate::{ModuleCache, ModuleKind, Resolver, Transpiled, file_url};

fn defines() -> Defines {
  Defines::new([
    ("FROM_CONFIG".to_owned(), "from \"config\"".to_owned()),
    ("MULTI".to_owned(), "a\nb\u{2028}c".to_owned()),
  ])
}

/// `text` as the file `name` (its extension picks the parser).
fn load(name: &str, text: &str) -> Transpiled {
  let path = Path::new("/app").join(name);
  let specifier = file_url(&path).expect("url");
  crate::transpile_with_defines(
    &path,
    &specifier,
    text.to_owned(),
    false,
    &defines(),
  )
  .expect("transpiles")
}

/// The code of a `.js` module (emitted as written, apart from the
/// inlining).
fn js(text: &str) -> String {
  load("lib.mjs", text).code.to_string()
}

const LITERAL: &str = r#""from \"config\"""#;

#[test]
fn a_typescript_file_gets_the_literal() {
  let t = load(
    "route.ts",
    "const x: string = process.env.FROM_CONFIG;\n\
     export const y = process.env['FROM_CONFIG'];\n\
     export const dynamic = 'force-static';\n\
     export function GET() { return new Response(x + y); }\n",
  );
  assert_eq!(t.kind, ModuleKind::Esm);
  assert!(!t.code.contains("process"), "{}", t.code);
  assert_eq!(t.code.matches(LITERAL).count(), 2, "{}", t.code);
  // The literals analysis reads the replaced code.
  assert!(
    t.literals.iter().any(|(name, value)| name == "y"
      && *value == crate::Literal::String("from \"config\"".to_owned())),
    "{:?}",
    t.literals
  );
}

#[test]
fn a_commonjs_file_gets_the_literal() {
  let t = load(
    "lib.cjs",
    "exports.value = process.env.FROM_CONFIG;\nexports.other = 1;\n",
  );
  assert!(matches!(t.kind, ModuleKind::CommonJs { .. }));
  assert_eq!(
    &*t.code,
    format!("exports.value = {LITERAL};\nexports.other = 1;\n")
  );
  // A sloppy-mode `.js` script (`with` does not parse as a module).
  let t = load(
    "old.js",
    "with (o) {}\nmodule.exports = process.env.MULTI;\n",
  );
  assert_eq!(
    &*t.code,
    "with (o) {}\nmodule.exports = \"a\\nb\\u2028c\";\n"
  );
}

#[test]
fn computed_names_unknown_names_and_assignments_stay() {
  let kept = [
    "const a = process.env[name];",
    "const a = process.env.NOT_DEFINED;",
    "const a = process.env[`FROM_CONFIG`];",
    "process.env.FROM_CONFIG = 'x';",
    "process.env['FROM_CONFIG'] ??= 'x';",
    "(process.env.FROM_CONFIG) = 'x';",
    "process.env.FROM_CONFIG++;",
    "[process.env.FROM_CONFIG] = ['x'];",
    "({ a: process.env.FROM_CONFIG } = { a: 'x' });",
    "for (process.env.FROM_CONFIG of ['x']);",
    "const { FROM_CONFIG } = process.env;",
    "const a = process.env?.FROM_CONFIG;",
    "const a = process?.env.FROM_CONFIG;",
    "const a = process.FROM_CONFIG;",
    "const a = env.FROM_CONFIG;",
  ];
  for text in kept {
    assert_eq!(js(text), text);
  }
}

#[test]
fn reads_inside_targets_and_chains_are_replaced() {
  assert_eq!(
    js("o[process.env.FROM_CONFIG] = process.env.FROM_CONFIG;"),
    format!("o[{LITERAL}] = {LITERAL};")
  );
  assert_eq!(
    js("const n = process.env.FROM_CONFIG?.length;"),
    format!("const n = {LITERAL}?.length;")
  );
  assert_eq!(
    js("[a = process.env.FROM_CONFIG] = [];"),
    format!("[a = {LITERAL}] = [];")
  );
  assert_eq!(
    js("const n = (process.env).FROM_CONFIG.length;"),
    format!("const n = {LITERAL}.length;")
  );
}

#[test]
fn a_local_process_shadows_the_global() {
  let text = "function f(process) { return process.env.FROM_CONFIG; }\n\
              const g = () => process.env.FROM_CONFIG;";
  assert_eq!(
    js(text),
    format!(
      "function f(process) {{ return process.env.FROM_CONFIG; }}\n\
       const g = () => {LITERAL};"
    )
  );
  let text =
    "const process = { env: {} };\nexport const a = process.env.MULTI;";
  assert_eq!(js(text), text);
  let text =
    "import process from 'node:process';\nconst a = process.env.MULTI;";
  assert_eq!(js(text), text);
}

#[test]
fn lines_stay_where_they_were() {
  let t = load(
    "route.ts",
    "const a: string = process.env.MULTI;\nthrow new Error(a);\n",
  );
  let code = t.code.lines().collect::<Vec<_>>();
  assert!(code[0].contains("\"a\\nb\\u2028c\""), "{}", t.code);
  assert!(code[1].starts_with("throw new Error(a)"), "{}", t.code);
  assert!(t.source_map.is_some());
}

#[test]
fn json_is_never_rewritten_and_no_defines_change_nothing() {
  let text = r#"{"process": "process.env.FROM_CONFIG"}"#;
  assert_eq!(&*load("data.json", text).code, text);
  let text = "export const a = process.env.FROM_CONFIG;";
  let path = Path::new("/app/lib.mjs");
  let t =
    crate::transpile(path, &file_url(path).expect("url"), text.into(), false)
      .expect("transpiles");
  assert_eq!(&*t.code, text);
}

#[test]
fn a_syntax_error_is_still_reported() {
  let path = Path::new("/app/route.ts");
  let result = crate::transpile_with_defines(
    path,
    &file_url(path).expect("url"),
    "const a = process.env.FROM_CONFIG +;".to_owned(),
    false,
    &defines(),
  );
  assert!(matches!(result, Err(crate::ModuleError::Syntax { .. })));
}

#[test]
fn the_cache_inlines_its_defines() {
  let root = std::env::temp_dir()
    .join(format!("edgeroute-define-{}", std::process::id()));
  let _ = std::fs::remove_dir_all(&root);
  std::fs::create_dir_all(root.join("node_modules/pkg")).expect("mkdir");
  let file = root.join("node_modules/pkg/index.js");
  std::fs::write(&file, "module.exports = process.env.FROM_CONFIG;\n")
    .expect("write");
  let root = std::fs::canonicalize(&root).expect("canonical");
  let resolver = Resolver::new(&root, builtins()).expect("resolver");
  let cache = ModuleCache::with_defines(
    resolver,
    vec![("FROM_CONFIG".to_owned(), "v".to_owned())],
  );
  assert_eq!(cache.defines().literal("FROM_CONFIG"), Some("\"v\""));
  let module = cache
    .get_or_load(&root.join("node_modules/pkg/index.js"))
    .expect("loads");
  assert_eq!(&*module.transpiled.code, "module.exports = \"v\";\n");
  let _ = std::fs::remove_dir_all(&root);
}

fn builtins() -> crate::Builtins {
  crate::Builtins {
    specifiers: Vec::new(),
    node: Vec::new(),
    nodejs: Vec::new(),
    node_names: &[],
    commonjs: "edgeroute:node/cjs",
    empty: "edgeroute:node/empty",
  }
}
