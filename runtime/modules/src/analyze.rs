//! What edgeroute reads off a module's syntax tree without running it: its
//! static imports, its export names (and `export *` sources), and the
//! literal values of exported constants (segment config).

use deno_ast::ParsedSource;
use deno_ast::swc::ast::{
  Decl, ExportSpecifier, ModuleDecl, ModuleExportName, ModuleItem, Pat,
};

/// One static `import` / `export ... from`.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
  /// The specifier as written.
  pub specifier: String,
  /// Names taken from the module (`default` for a default import);
  /// empty for `import * as`, `export *` and side-effect imports.
  pub names: Vec<String>,
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
  /// An array or object literal of literals (a proxy's `config`, say),
  /// as Next.js reads it at build time: only static values.
  Value(serde_json::Value),
}

/// Whether the file has `import` / `export` declarations.
pub(crate) fn has_module_syntax(parsed: &ParsedSource) -> bool {
  module_items(parsed)
    .iter()
    .any(|item| matches!(item, ModuleItem::ModuleDecl(_)))
}

fn module_items(parsed: &ParsedSource) -> &[ModuleItem] {
  match parsed.program_ref() {
    deno_ast::ProgramRef::Module(module) => &module.body,
    deno_ast::ProgramRef::Script(_) => &[],
  }
}

pub(crate) fn imports_of(parsed: &ParsedSource) -> Vec<Import> {
  use deno_ast::swc::ast::ImportSpecifier;
  let mut out = Vec::new();
  for item in module_items(parsed) {
    let ModuleItem::ModuleDecl(decl) = item else {
      continue;
    };
    let (src, names) = match decl {
      ModuleDecl::Import(import) if !import.type_only => {
        let names = import
          .specifiers
          .iter()
          .filter_map(|specifier| match specifier {
            ImportSpecifier::Named(named) if !named.is_type_only => {
              Some(match &named.imported {
                Some(name) => export_name(name),
                None => named.local.sym.to_string(),
              })
            }
            ImportSpecifier::Default(_) => Some("default".to_owned()),
            _ => None,
          })
          .collect();
        (&import.src, names)
      }
      ModuleDecl::ExportAll(export) if !export.type_only => {
        (&export.src, Vec::new())
      }
      ModuleDecl::ExportNamed(export) if !export.type_only => {
        let Some(src) = &export.src else {
          continue;
        };
        let names = export
          .specifiers
          .iter()
          .filter_map(|specifier| match specifier {
            ExportSpecifier::Named(named) if !named.is_type_only => {
              Some(export_name(&named.orig))
            }
            ExportSpecifier::Default(_) => Some("default".to_owned()),
            _ => None,
          })
          .collect();
        (src, names)
      }
      _ => continue,
    };
    out.push(Import {
      specifier: src.value.to_string_lossy().into_owned(),
      names,
    });
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

/// Declared export names, and the specifiers of `export * from`.
pub(crate) fn export_names(
  parsed: &ParsedSource,
) -> (Vec<String>, Vec<String>) {
  let mut names = Vec::new();
  let mut stars = Vec::new();
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
      ModuleDecl::ExportAll(export) if !export.type_only => {
        stars.push(export.src.value.to_string_lossy().into_owned())
      }
      _ => {}
    }
  }
  (names, stars)
}

pub(crate) fn exported_literals(
  parsed: &ParsedSource,
) -> Vec<(String, Literal)> {
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
        Expr::Array(_) | Expr::Object(_) => match static_value(expr) {
          Some(value) => Literal::Value(value),
          None => continue,
        },
        _ => continue,
      };
      out.push((ident.id.sym.to_string(), value));
    }
  }
  out
}

/// The JSON value of an expression made only of literals (strings,
/// numbers, booleans, null, templates without substitutions, arrays and
/// objects of them); `None` for anything computed.
fn static_value(expr: &deno_ast::swc::ast::Expr) -> Option<serde_json::Value> {
  use deno_ast::swc::ast::{Expr, Lit, Prop, PropName, PropOrSpread, UnaryOp};
  use serde_json::Value;
  Some(match expr {
    Expr::Lit(Lit::Bool(b)) => Value::Bool(b.value),
    Expr::Lit(Lit::Null(_)) => Value::Null,
    Expr::Lit(Lit::Num(n)) => number(n.value)?,
    Expr::Lit(Lit::Str(s)) => {
      Value::String(s.value.to_string_lossy().into_owned())
    }
    Expr::Unary(unary) if unary.op == UnaryOp::Minus => match &*unary.arg {
      Expr::Lit(Lit::Num(n)) => number(-n.value)?,
      _ => return None,
    },
    Expr::Tpl(tpl) if tpl.exprs.is_empty() => Value::String(
      tpl
        .quasis
        .iter()
        .map(|quasi| match &quasi.cooked {
          Some(cooked) => cooked.to_string_lossy().into_owned(),
          None => quasi.raw.to_string(),
        })
        .collect(),
    ),
    Expr::Paren(e) => static_value(&e.expr)?,
    Expr::TsConstAssertion(e) => static_value(&e.expr)?,
    Expr::TsAs(e) => static_value(&e.expr)?,
    Expr::TsSatisfies(e) => static_value(&e.expr)?,
    Expr::Array(array) => {
      let mut out = Vec::with_capacity(array.elems.len());
      for element in &array.elems {
        let element = element.as_ref()?;
        if element.spread.is_some() {
          return None;
        }
        out.push(static_value(&element.expr)?);
      }
      Value::Array(out)
    }
    Expr::Object(object) => {
      let mut out = serde_json::Map::new();
      for prop in &object.props {
        let PropOrSpread::Prop(prop) = prop else {
          return None;
        };
        let Prop::KeyValue(kv) = &**prop else {
          return None;
        };
        let key = match &kv.key {
          PropName::Ident(ident) => ident.sym.to_string(),
          PropName::Str(s) => s.value.to_string_lossy().into_owned(),
          PropName::Num(n) => n.value.to_string(),
          _ => return None,
        };
        out.insert(key, static_value(&kv.value)?);
      }
      Value::Object(out)
    }
    _ => return None,
  })
}

fn number(value: f64) -> Option<serde_json::Value> {
  serde_json::Number::from_f64(value).map(serde_json::Value::Number)
}
