//! What `build.rs` does to the extensions' JS and TS sources before they
//! reach V8: TypeScript (deno_node's polyfills) is transpiled, the Node
//! version is filled into `node:process`, the fixes of `upstream.rs`
//! are applied, and deno_node's references to a global `Deno` are bound to
//! edgeroute's namespace (`ext/node/11_deno.js`), so that route code sees
//! no `Deno` global. Files evaluated into the snapshot pass through
//! [`prepare`] by deno_core's extension-transpiler hook; the lazily loaded
//! files the snapshot did not evaluate pass through it here and are
//! embedded as deno_core's residual tables (`residual.rs` in `OUT_DIR`).

use deno_ast::{
  EmitOptions, MediaType, ParseParams, SourceMapOption, TranspileModuleOptions,
  TranspileOptions,
};

use super::upstream;

/// The placeholder deno_node's `process.ts` carries for the Node version.
const NODE_VERSION_TOKEN: &str = "__NODE_VERSION__";

/// The source V8 gets for the extension file `specifier`; `applied`
/// collects the upstream fixes used.
pub fn prepare(
  specifier: &str,
  code: &str,
  applied: &mut Vec<usize>,
) -> Result<String, String> {
  let fixed = upstream::apply(specifier, code, applied)?;
  let mut code = fixed.unwrap_or_else(|| code.to_owned());
  if specifier.ends_with("/_process/process.ts") {
    if !code.contains(NODE_VERSION_TOKEN) {
      return Err(format!("{specifier}: no {NODE_VERSION_TOKEN} to fill in"));
    }
    code = code.replace(NODE_VERSION_TOKEN, deno_node::NODE_VERSION);
  }
  if is_typescript(specifier) {
    code = transpile(specifier, code)?;
  }
  if is_deno_node(specifier) && mentions_deno(&code) {
    code = bind_deno(specifier, code)?;
  }
  Ok(code)
}

/// The module edgeroute's `Deno` namespace lives in, and where scripts
/// find it (`internals.edgerouteDeno`, set when the module is evaluated
/// in the snapshot).
const DENO_MODULE: &str = "ext:edgeroute_node/11_deno.js";
const DENO_IN_SCRIPTS: &str =
  "const Deno = __bootstrap.internals.edgerouteDeno;";

fn is_deno_node(specifier: &str) -> bool {
  specifier.starts_with("node:") || specifier.starts_with("ext:deno_node/")
}

/// Whether `code` names `Deno` as a variable (`Deno.x`, `Deno[...]`,
/// `typeof Deno`), not as a property or inside a string.
fn mentions_deno(code: &str) -> bool {
  let bytes = code.as_bytes();
  code.match_indices("Deno").any(|(at, _)| {
    let before = at.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(at + 4).copied();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let free_before = before
      .is_none_or(|b| !ident(b) && !matches!(b, b'.' | b'"' | b'\'' | b'`'));
    let free_after = after.is_none_or(|b| !ident(b) && b != b':');
    free_before && free_after
  })
}

/// `code` with `Deno` bound to edgeroute's namespace: an import for an ES
/// module, a constant at the top of a lazily loaded script's function.
fn bind_deno(specifier: &str, code: String) -> Result<String, String> {
  let body = code.trim_start();
  let is_script = strip_prologue(body).starts_with("(function");
  if !is_script {
    // On the first line, so that line numbers stay as they were.
    return Ok(format!("import {{ Deno }} from \"{DENO_MODULE}\";{code}"));
  }
  // Inside the function: the script is `(function () { ... })()` after
  // its prologue, and the function takes no parameters.
  let function_at = code.len() - strip_prologue(&code).len();
  let start = code[function_at..]
    .find('{')
    .map(|brace| function_at + brace + 1)
    .filter(|&at| code[function_at..at].contains("()"))
    .ok_or_else(|| format!("{specifier}: a script without its function"))?;
  Ok(format!(
    "{}{DENO_IN_SCRIPTS}{}",
    &code[..start],
    &code[start..]
  ))
}

/// `text` after its leading comments, whitespace and `"use strict"`
/// directives (what deno_core strips before a lazy script's function).
fn strip_prologue(mut text: &str) -> &str {
  loop {
    text = text.trim_start();
    if let Some(rest) = text
      .strip_prefix("\"use strict\";")
      .or_else(|| text.strip_prefix("'use strict';"))
    {
      text = rest;
    } else if let Some(rest) = text.strip_prefix("//") {
      text = rest.split_once('\n').map_or("", |(_, after)| after);
    } else if let Some(rest) = text.strip_prefix("/*") {
      text = rest.split_once("*/").map_or("", |(_, after)| after);
    } else {
      return text;
    }
  }
}

/// deno_node names its built-in modules `node:x` whatever the file's
/// extension; several of them are TypeScript.
fn is_typescript(specifier: &str) -> bool {
  specifier.starts_with("node:")
    || [".ts", ".mts", ".cts"]
      .iter()
      .any(|ext| specifier.ends_with(ext))
}

fn transpile(specifier: &str, code: String) -> Result<String, String> {
  let url = deno_core::url::Url::parse(specifier)
    .map_err(|e| format!("{specifier}: {e}"))?;
  let parsed = deno_ast::parse_module(ParseParams {
    specifier: url,
    text: code.into(),
    media_type: MediaType::TypeScript,
    capture_tokens: false,
    scope_analysis: false,
    maybe_syntax: None,
  })
  .map_err(|e| format!("{specifier}: {e}"))?;
  let emitted = parsed
    .transpile(
      &TranspileOptions {
        imports_not_used_as_values: deno_ast::ImportsNotUsedAsValues::Remove,
        ..Default::default()
      },
      &TranspileModuleOptions { module_kind: None },
      &EmitOptions {
        source_map: SourceMapOption::None,
        ..Default::default()
      },
    )
    .map_err(|e| format!("{specifier}: {e}"))?
    .into_source();
  Ok(emitted.text)
}

/// Which kind of lazily loaded file a residual source is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LazyKind {
  /// `lazy_loaded_js`: a script whose completion value is its exports.
  Script,
  /// `lazy_loaded_esm`: an ES module.
  Module,
}

/// The text of `residual.rs`: the residual tables deno_core takes in
/// `RuntimeOptions`, over the files written to `dir` (`(specifier,
/// kind, prepared source)` each).
pub fn residual_tables(
  dir: &std::path::Path,
  files: &[(String, LazyKind, String)],
) -> std::io::Result<String> {
  std::fs::create_dir_all(dir)?;
  let mut scripts = String::new();
  let mut modules = String::new();
  // deno_core looks the tables up by binary search.
  let mut files: Vec<&(String, LazyKind, String)> = files.iter().collect();
  files.sort_by(|a, b| a.0.cmp(&b.0));
  for (index, (specifier, kind, code)) in files.into_iter().enumerate() {
    let path = dir.join(format!("{index}.js"));
    let (text, table) = match kind {
      // Wrapped now, so V8 compiles the embedded string as it is.
      LazyKind::Script => (deno_core::wrap_lazy_ext_script(code), &mut scripts),
      LazyKind::Module => (code.clone(), &mut modules),
    };
    std::fs::write(&path, text)?;
    table.push_str(&format!(
      "  ({specifier:?}, include_str!({:?})),\n",
      path.display().to_string()
    ));
  }
  Ok(format!(
    "/// Lazily loaded extension scripts the snapshot did not evaluate.\n\
     pub static RESIDUAL_SCRIPTS: &[(&str, &str)] = &[\n{scripts}];\n\
     /// Lazily loaded extension modules the snapshot did not evaluate.\n\
     pub static RESIDUAL_MODULES: &[(&str, &str)] = &[\n{modules}];\n"
  ))
}
