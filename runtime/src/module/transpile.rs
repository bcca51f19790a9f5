//! TypeScript/JSX → JavaScript with swc (through deno_ast), keeping a
//! source map so stack traces point at the user's lines.

use std::path::Path;

use deno_ast::diagnostics::Diagnostic;
use deno_ast::swc::ast::{
  Decl, ExportSpecifier, ModuleDecl, ModuleExportName, ModuleItem, Pat,
};
use deno_ast::{
  EmitOptions, MediaType, ModuleSpecifier, ParseParams, ParsedSource,
  SourceMapOption, TranspileModuleOptions, TranspileOptions,
};

use super::ModuleError;

/// A module ready for V8.
#[derive(Debug)]
pub struct Transpiled {
  /// JavaScript source.
  pub code: String,
  /// Source map from `code` back to the file, when it was rewritten.
  pub source_map: Option<Vec<u8>>,
  /// Static import/re-export specifiers of the emitted code, in order.
  pub imports: Vec<String>,
  /// Names the module exports (`default` included); `None` when an
  /// `export * from` makes the list unknowable without evaluating.
  pub exports: Option<Vec<String>>,
  /// `export const name = <literal>` values (segment config such as
  /// `revalidate` or `dynamic` is read from these, as Next.js reads it at
  /// build time).
  pub literals: Vec<(String, Literal)>,
}

/// A literal value of an exported constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
  /// `true` / `false`.
  Bool(bool),
  /// A number.
  Number(f64),
  /// A string.
  String(String),
}

/// Whether edgeroute can load a file with this name as a module.
pub fn is_module_path(path: &Path) -> bool {
  matches!(
    MediaType::from_path(path),
    MediaType::JavaScript
      | MediaType::Mjs
      | MediaType::Jsx
      | MediaType::TypeScript
      | MediaType::Mts
      | MediaType::Tsx
  )
}

/// Parses and, for TS/JSX, transpiles one file.
pub fn transpile(
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
) -> Result<Transpiled, ModuleError> {
  let media_type = MediaType::from_path(path);
  let needs_transpile = matches!(
    media_type,
    MediaType::TypeScript | MediaType::Mts | MediaType::Tsx | MediaType::Jsx
  );
  let parsed = parse(path, specifier, text, media_type)?;
  let exports = export_names(&parsed);
  let literals = exported_literals(&parsed);
  if !needs_transpile {
    let imports = import_specifiers(&parsed);
    return Ok(Transpiled {
      code: parsed.text().to_string(),
      source_map: None,
      imports,
      exports,
      literals,
    });
  }
  let emitted = parsed
    .transpile(
      &TranspileOptions {
        imports_not_used_as_values: deno_ast::ImportsNotUsedAsValues::Remove,
        decorators: deno_ast::DecoratorsTranspileOption::Ecma,
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
    imports: import_specifiers(&emitted_parsed),
    code: emitted.text,
    source_map: emitted.source_map.map(|m| m.into_bytes()),
    exports,
    literals,
  })
}

fn parse(
  path: &Path,
  specifier: &ModuleSpecifier,
  text: String,
  media_type: MediaType,
) -> Result<ParsedSource, ModuleError> {
  let syntax_error = |d: &deno_ast::ParseDiagnostic| {
    let position = d.display_position();
    ModuleError::Syntax {
      file: path.to_path_buf(),
      line: position.line_number,
      column: position.column_number,
      message: d.message().to_string(),
      detail: d.to_string(),
    }
  };
  let parsed = deno_ast::parse_module(ParseParams {
    specifier: specifier.clone(),
    text: text.into(),
    media_type,
    capture_tokens: false,
    scope_analysis: false,
    maybe_syntax: None,
  })
  .map_err(|d| syntax_error(&d))?;
  // Recoverable errors are still errors: V8 (or tsc) would reject them.
  if let Some(d) = parsed.diagnostics().first() {
    return Err(syntax_error(d));
  }
  Ok(parsed)
}

fn module_items(parsed: &ParsedSource) -> &[ModuleItem] {
  match parsed.program_ref() {
    deno_ast::ProgramRef::Module(module) => &module.body,
    deno_ast::ProgramRef::Script(_) => &[],
  }
}

fn import_specifiers(parsed: &ParsedSource) -> Vec<String> {
  let mut out = Vec::new();
  for item in module_items(parsed) {
    let ModuleItem::ModuleDecl(decl) = item else {
      continue;
    };
    let src = match decl {
      ModuleDecl::Import(import) if !import.type_only => Some(&import.src),
      ModuleDecl::ExportAll(export) if !export.type_only => Some(&export.src),
      ModuleDecl::ExportNamed(export) if !export.type_only => {
        export.src.as_ref()
      }
      _ => None,
    };
    if let Some(src) = src {
      out.push(src.value.to_string_lossy().into_owned());
    }
  }
  out
}

fn export_name(name: &ModuleExportName) -> String {
  match name {
    ModuleExportName::Ident(ident) => ident.sym.to_string(),
    ModuleExportName::Str(s) => s.value.to_string_lossy().into_owned(),
  }
}

fn pattern_names(pat: &Pat, out: &mut Vec<String>) {
  match pat {
    Pat::Ident(ident) => out.push(ident.id.sym.to_string()),
    Pat::Array(array) => {
      for element in array.elems.iter().flatten() {
        pattern_names(element, out);
      }
    }
    Pat::Object(object) => {
      for prop in &object.props {
        match prop {
          deno_ast::swc::ast::ObjectPatProp::KeyValue(kv) => {
            pattern_names(&kv.value, out)
          }
          deno_ast::swc::ast::ObjectPatProp::Assign(assign) => {
            out.push(assign.key.sym.to_string())
          }
          deno_ast::swc::ast::ObjectPatProp::Rest(rest) => {
            pattern_names(&rest.arg, out)
          }
        }
      }
    }
    Pat::Rest(rest) => pattern_names(&rest.arg, out),
    Pat::Assign(assign) => pattern_names(&assign.left, out),
    _ => {}
  }
}

fn export_names(parsed: &ParsedSource) -> Option<Vec<String>> {
  let mut names = Vec::new();
  for item in module_items(parsed) {
    let ModuleItem::ModuleDecl(decl) = item else {
      continue;
    };
    match decl {
      ModuleDecl::ExportDecl(export) => match &export.decl {
        Decl::Fn(f) => names.push(f.ident.sym.to_string()),
        Decl::Class(c) => names.push(c.ident.sym.to_string()),
        Decl::Var(var) => {
          for declarator in &var.decls {
            pattern_names(&declarator.name, &mut names);
          }
        }
        Decl::TsEnum(e) => names.push(e.id.sym.to_string()),
        _ => {}
      },
      ModuleDecl::ExportNamed(export) if !export.type_only => {
        for specifier in &export.specifiers {
          match specifier {
            ExportSpecifier::Named(named) if !named.is_type_only => names.push(
              export_name(named.exported.as_ref().unwrap_or(&named.orig)),
            ),
            ExportSpecifier::Namespace(ns) => names.push(export_name(&ns.name)),
            ExportSpecifier::Default(_) => names.push("default".to_owned()),
            _ => {}
          }
        }
      }
      ModuleDecl::ExportDefaultDecl(_) | ModuleDecl::ExportDefaultExpr(_) => {
        names.push("default".to_owned())
      }
      ModuleDecl::ExportAll(export) if !export.type_only => return None,
      _ => {}
    }
  }
  Some(names)
}

fn exported_literals(parsed: &ParsedSource) -> Vec<(String, Literal)> {
  use deno_ast::swc::ast::{Expr, Lit, VarDeclKind};
  let mut out = Vec::new();
  for item in module_items(parsed) {
    let ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) = item else {
      continue;
    };
    let Decl::Var(var) = &export.decl else {
      continue;
    };
    if var.kind != VarDeclKind::Const {
      continue;
    }
    for declarator in &var.decls {
      let (Pat::Ident(ident), Some(init)) =
        (&declarator.name, &declarator.init)
      else {
        continue;
      };
      let mut expr: &Expr = init;
      // `as const`, `satisfies`, parentheses.
      loop {
        expr = match expr {
          Expr::TsConstAssertion(e) => &e.expr,
          Expr::TsAs(e) => &e.expr,
          Expr::TsSatisfies(e) => &e.expr,
          Expr::Paren(e) => &e.expr,
          _ => break,
        };
      }
      let value = match expr {
        Expr::Lit(Lit::Bool(b)) => Literal::Bool(b.value),
        Expr::Lit(Lit::Num(n)) => Literal::Number(n.value),
        Expr::Lit(Lit::Str(s)) => {
          Literal::String(s.value.to_string_lossy().into_owned())
        }
        _ => continue,
      };
      out.push((ident.id.sym.to_string(), value));
    }
  }
  out
}
