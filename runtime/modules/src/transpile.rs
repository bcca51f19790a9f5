//! TypeScript/JSX → JavaScript with swc (through deno_ast), keeping a
//! source map so stack traces point at the user's lines.

use std::path::Path;
use std::sync::Arc;

use deno_ast::diagnostics::Diagnostic;
use deno_ast::{
  EmitOptions, MediaType, ModuleSpecifier, ParseParams, ParsedSource,
  SourceMapOption, TranspileModuleOptions, TranspileOptions,
};

use super::ModuleError;
use super::analyze::{
  Import, Literal, export_names, exported_literals, has_module_syntax,
  imports_of,
};
use super::define::Defines;

/// A module ready for V8.
#[derive(Debug)]
pub struct Transpiled {
  /// How the file loads.
  pub kind: ModuleKind,
  /// JavaScript source (for CommonJS: the file as written, run as a
  /// function body; for JSON: the JSON text).
  pub code: Arc<str>,
  /// Source map from `code` back to the file, when it was rewritten.
  pub source_map: Option<Arc<[u8]>>,
  /// Static imports and re-exports of the emitted code, in order.
  pub imports: Vec<Import>,
  /// Names the module exports (`default` included); `None` when an
  /// `export * from` makes the list unknowable without evaluating.
  pub exports: Option<Vec<String>>,
  /// Names the module itself declares as exports (without `export *`).
  pub own_exports: Vec<String>,
  /// Specifiers of `export * from` declarations.
  pub star_exports: Vec<String>,
  /// `export const name = <literal>` values (segment config such as
  /// `revalidate` or `dynamic` is read from these, as Next.js reads it at
  /// build time).
  pub literals: Vec<(String, Literal)>,
}

/// How a file is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum ModuleKind {
  /// An ES module.
  Esm,
  /// A CommonJS file; the names are what Node's cjs-module-lexer would
  /// detect (`exports.x =`, `module.exports = { x }`, re-exported
  /// `require()`s).
  CommonJs {
    /// Detected export names.
    exports: Vec<String>,
    /// Specifiers whose exports this file re-exports.
    reexports: Vec<String>,
  },
  /// A JSON file: its value is the default export.
  Json,
  /// A WebAssembly binary imported with `?module`, as Next.js's edge
  /// runtime allows: its default export is a `WebAssembly.Module`. The
  /// code is the binary in base64.
  Wasm,
}

/// Parses and, for TS/JSX, transpiles one file. `module_scope` tells
/// whether the nearest package.json says `"type": "module"`: a `.js` file
/// without `import`/`export` is CommonJS unless it does.
pub fn transpile(
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
  module_scope: bool,
) -> Result<Transpiled, ModuleError> {
  transpile_with_defines(
    path,
    specifier,
    text,
    module_scope,
    &Defines::default(),
  )
}

/// [`transpile`], with next.config's `env` inlined first (not into JSON):
/// everything read off the module afterwards sees the inlined code.
pub fn transpile_with_defines(
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
  module_scope: bool,
  defines: &Defines,
) -> Result<Transpiled, ModuleError> {
  let media_type = MediaType::from_path(path);
  if media_type == MediaType::Json {
    return Ok(json(text));
  }
  let text = defines.apply(specifier, &text, media_type).unwrap_or(text);
  let text = if media_type == MediaType::Cjs {
    text
  } else {
    match crate::use_cache::apply(specifier, &text, media_type) {
      Ok(rewritten) => rewritten.unwrap_or(text),
      Err(message) => {
        return Err(ModuleError::Transpile {
          file: path.to_path_buf(),
          message,
        });
      }
    }
  };
  match media_type {
    MediaType::Cjs => {
      let parsed = parse_script(path, specifier, text)?;
      return Ok(common_js(&parsed));
    }
    MediaType::JavaScript => {
      match parse(path, specifier, text.clone(), media_type) {
        Ok(parsed) if has_module_syntax(&parsed) || module_scope => {}
        Ok(parsed) => return Ok(common_js(&parsed)),
        // Sloppy-mode CommonJS may not parse as a module.
        Err(error) if !module_scope => {
          return match parse_script(path, specifier, text) {
            Ok(parsed) => Ok(common_js(&parsed)),
            Err(_) => Err(error),
          };
        }
        Err(error) => return Err(error),
      }
    }
    _ => {}
  }
  let needs_transpile = matches!(
    media_type,
    MediaType::TypeScript | MediaType::Mts | MediaType::Tsx | MediaType::Jsx
  );
  let parsed = parse(path, specifier, text, media_type)?;
  let (own_exports, star_exports) = export_names(&parsed);
  let exports = star_exports.is_empty().then(|| own_exports.clone());
  let literals = exported_literals(&parsed);
  if !needs_transpile {
    let imports = imports_of(&parsed);
    return Ok(Transpiled {
      kind: ModuleKind::Esm,
      code: parsed.text().as_ref().into(),
      source_map: None,
      imports,
      exports,
      own_exports,
      star_exports,
      literals,
    });
  }
  let emitted = parsed
    .transpile(
      &TranspileOptions {
        imports_not_used_as_values: deno_ast::ImportsNotUsedAsValues::Remove,
        decorators: deno_ast::DecoratorsTranspileOption::Ecma,
        // As Next compiles JSX: the automatic runtime, `react/jsx-runtime`.
        jsx: Some(deno_ast::JsxRuntime::Automatic(
          deno_ast::JsxAutomaticOptions {
            development: false,
            import_source: Some("react".to_owned()),
          },
        )),
        ..Default::default()
      },
      &TranspileModuleOptions { module_kind: None },
      &EmitOptions {
        source_map: SourceMapOption::Separate,
        inline_sources: true,
        ..Default::default()
      },
    )
    .map_err(|e| ModuleError::Transpile {
      file: path.to_path_buf(),
      message: e.to_string(),
    })?
    .into_source();
  // Imports that only carried types are gone from the output; read the
  // real dependencies off the emitted code.
  let emitted_parsed =
    parse(path, specifier, emitted.text.clone(), MediaType::JavaScript)?;
  Ok(Transpiled {
    kind: ModuleKind::Esm,
    imports: imports_of(&emitted_parsed),
    code: emitted.text.into(),
    source_map: emitted.source_map.map(|m| m.into_bytes().into()),
    exports,
    own_exports,
    star_exports,
    literals,
  })
}

/// A WebAssembly binary: what the loader needs to stand an ES module for it.
pub fn wasm(bytes: &[u8]) -> Transpiled {
  use base64::Engine as _;
  let code = base64::engine::general_purpose::STANDARD.encode(bytes);
  default_only(ModuleKind::Wasm, code)
}

fn json(text: String) -> Transpiled {
  default_only(ModuleKind::Json, text)
}

/// A module whose only export is its default (JSON, WebAssembly), with
/// `code` for the loader's wrapper.
fn default_only(kind: ModuleKind, code: String) -> Transpiled {
  Transpiled {
    kind,
    code: code.into(),
    source_map: None,
    imports: Vec::new(),
    exports: Some(vec!["default".to_owned()]),
    own_exports: vec!["default".to_owned()],
    star_exports: Vec::new(),
    literals: Vec::new(),
  }
}

fn common_js(parsed: &ParsedSource) -> Transpiled {
  let analysis = parsed.analyze_cjs();
  Transpiled {
    kind: ModuleKind::CommonJs {
      exports: analysis.exports,
      reexports: analysis.reexports,
    },
    code: parsed.text().as_ref().into(),
    source_map: None,
    imports: Vec::new(),
    exports: None,
    own_exports: Vec::new(),
    star_exports: Vec::new(),
    literals: Vec::new(),
  }
}

/// A parse diagnostic as the error that names the file, line and column.
fn syntax_error(path: &Path, d: &deno_ast::ParseDiagnostic) -> ModuleError {
  let position = d.display_position();
  ModuleError::Syntax {
    file: path.to_path_buf(),
    line: position.line_number,
    column: position.column_number,
    message: d.message().to_string(),
    detail: d.to_string(),
  }
}

/// How a file is parsed: as an ES module, or as a CommonJS script.
type Parser =
  fn(ParseParams) -> Result<ParsedSource, deno_ast::ParseDiagnostic>;

fn parse_script(
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
) -> Result<ParsedSource, ModuleError> {
  parse_with(
    deno_ast::parse_script,
    path,
    specifier,
    text,
    MediaType::Cjs,
  )
}

fn parse(
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
  media_type: MediaType,
) -> Result<ParsedSource, ModuleError> {
  parse_with(deno_ast::parse_module, path, specifier, text, media_type)
}

fn parse_with(
  parser: Parser,
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
  media_type: MediaType,
) -> Result<ParsedSource, ModuleError> {
  let parsed = parser(ParseParams {
    specifier: specifier.clone(),
    text: text.into(),
    media_type,
    capture_tokens: false,
    scope_analysis: false,
    maybe_syntax: None,
  })
  .map_err(|d| syntax_error(path, &d))?;
  // Recoverable errors are still errors: V8 (or tsc) would reject them.
  if let Some(d) = parsed.diagnostics().first() {
    return Err(syntax_error(path, d));
  }
  Ok(parsed)
}
