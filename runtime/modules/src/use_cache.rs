//! `'use cache'` as Next.js compiles it (`cacheComponents`): an async
//! function whose body starts with the directive (or every exported async
//! function of a file that starts with it) runs through next/cache's
//! `$$useCache`, which answers from the data cache when it can.
//!
//! The function keeps its name, parameters and place; only its body
//! changes, spliced in the source text so that line numbers stay right:
//!
//! ```js
//! async function count(name) { 'use cache'; ...body }
//! // becomes
//! async function count(name) { return $$useCache("<id>", "default", [], async () => { ...body }, [name]); }
//! ```
//!
//! The cache key is built at run time from the id (a hash of the file's
//! text, so a changed file starts afresh, and the function's place), the
//! values of its parameters and, for a function declared inside another,
//! the values it captures from the enclosing functions (Next.js's bound
//! arguments). `$$useCache` comes from an import added at the very start of
//! line one.

use std::collections::HashSet;
use std::ops::Range;

use deno_ast::swc::ast::{
  ArrowExpr, BindingIdent, BlockStmt, BlockStmtOrExpr, BreakStmt, ClassDecl,
  ContinueStmt, Decl, DefaultDecl, ExportDecl, ExportDefaultDecl, Expr, FnDecl,
  Function, Ident, LabeledStmt, Lit, ModuleDecl, ModuleItem, Pat, Stmt, TsType,
  TsTypeAnn, TsTypeParamInstantiation, VarDeclarator,
};
use deno_ast::swc::atoms::Atom;
use deno_ast::swc::common::SyntaxContext;
use deno_ast::swc::ecma_visit::{Visit, VisitWith};
use deno_ast::{
  MediaType, ModuleSpecifier, ParsedSource, SourceRangedForSpanned,
  StartSourcePos,
};

/// The directive and its kinds (`'use cache: remote'`, ...).
const DIRECTIVE: &str = "use cache";

/// `text` with its `'use cache'` functions rewritten, `Ok(None)` when it
/// has none; an error names what Next.js would refuse to build.
pub(crate) fn apply(
  specifier: &ModuleSpecifier,
  text: &str,
  media_type: MediaType,
) -> Result<Option<String>, String> {
  if !text.contains(DIRECTIVE) {
    return Ok(None);
  }
  let Some(parsed) = crate::define::parse_any(specifier, text, media_type)
  else {
    return Ok(None);
  };
  let deno_ast::ProgramRef::Module(module) = parsed.program_ref() else {
    return Ok(None);
  };
  let file_kind =
    directive_kind(module.body.iter().map_while(|item| match item {
      ModuleItem::Stmt(stmt) => Some(stmt),
      ModuleItem::ModuleDecl(_) => None,
    }));
  let mut finder = Finder {
    parsed: &parsed,
    file_kind: file_kind.clone(),
    exported: exported_functions(module, file_kind.is_some())?,
    depth: 0,
    edits: Vec::new(),
    error: None,
  };
  module.visit_with(&mut finder);
  if let Some(error) = finder.error {
    return Err(error);
  }
  if finder.edits.is_empty() {
    return Ok(None);
  }
  let id_base = id_base(text);
  let mut edits: Vec<(Range<usize>, String)> = Vec::new();
  for found in finder.edits {
    let id = format!("{id_base}@{}", found.place);
    let open = format!(
      "return $$useCache({}, {}, [{}], async () => {{",
      json(&id),
      json(&found.kind),
      found.captured.join(", ")
    );
    edits.push((found.open, open));
    edits.push((
      found.close.clone(),
      format!("}}, [{}]);", found.params.join(", ")),
    ));
  }
  edits.push((0..0, "import { $$useCache } from \"next/cache\";".into()));
  let borrowed: Vec<(Range<usize>, &str)> = edits
    .iter()
    .map(|(range, text)| (range.clone(), text.as_str()))
    .collect();
  Ok(crate::define::splice(parsed.text().as_ref(), &borrowed))
}

/// The file's part of every id: a hash of its text.
fn id_base(text: &str) -> String {
  // FNV-1a, 64 bits: stable across processes and builds, unlike std's.
  let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
  for byte in text.as_bytes() {
    hash ^= u64::from(*byte);
    hash = hash.wrapping_mul(0x0100_0000_01b3);
  }
  format!("{hash:016x}")
}

fn json(text: &str) -> String {
  serde_json::Value::String(text.to_owned()).to_string()
}

/// The kind of a directive prologue's `'use cache'` (`default` for the
/// bare one), if it has one.
fn directive_kind<'a>(stmts: impl Iterator<Item = &'a Stmt>) -> Option<String> {
  for stmt in stmts {
    let Stmt::Expr(expr) = stmt else { break };
    let Expr::Lit(Lit::Str(literal)) = &*expr.expr else {
      break;
    };
    let value = literal.value.to_string_lossy();
    if value == DIRECTIVE {
      return Some("default".to_owned());
    }
    if let Some(kind) = value.strip_prefix("use cache:") {
      return Some(kind.trim().to_owned());
    }
  }
  None
}

/// The byte range of the directive statement in a body, if there is one.
fn directive_stmt(body: &BlockStmt) -> Option<&Stmt> {
  for stmt in &body.stmts {
    let Stmt::Expr(expr) = stmt else { return None };
    let Expr::Lit(Lit::Str(literal)) = &*expr.expr else {
      return None;
    };
    let value = literal.value.to_string_lossy();
    if value == DIRECTIVE || value.starts_with("use cache:") {
      return Some(stmt);
    }
  }
  None
}

/// The start offsets of the exported functions of a `'use cache'` file,
/// which must all be async.
fn exported_functions(
  module: &deno_ast::swc::ast::Module,
  file_level: bool,
) -> Result<HashSet<u32>, String> {
  let mut out = HashSet::new();
  if !file_level {
    return Ok(out);
  }
  let take = |out: &mut HashSet<u32>, function: &Function, name: &str| {
    if function.is_async {
      out.insert(function.span.lo.0);
      Ok(())
    } else {
      Err(format!(
        "Only async functions are allowed to be exported in a \"use cache\" file: `{name}` is not async"
      ))
    }
  };
  for item in &module.body {
    match item {
      ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
        decl: Decl::Fn(FnDecl {
          ident, function, ..
        }),
        ..
      })) => take(&mut out, function, &ident.sym)?,
      ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
        decl: Decl::Var(var),
        ..
      })) => {
        for declarator in &var.decls {
          if let Some(init) = &declarator.init {
            match &**init {
              Expr::Arrow(arrow) if arrow.is_async => {
                out.insert(arrow.span.lo.0);
              }
              Expr::Fn(expr) => {
                take(&mut out, &expr.function, &binding(declarator))?;
              }
              _ => {
                return Err(format!(
                  "Only async functions are allowed to be exported in a \"use cache\" file: `{}` is not one",
                  binding(declarator)
                ));
              }
            }
          }
        }
      }
      ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(
        ExportDefaultDecl {
          decl: DefaultDecl::Fn(expr),
          ..
        },
      )) => take(&mut out, &expr.function, "default")?,
      _ => {}
    }
  }
  Ok(out)
}

fn binding(declarator: &VarDeclarator) -> String {
  match &declarator.name {
    Pat::Ident(ident) => ident.id.sym.to_string(),
    _ => "a destructured binding".to_owned(),
  }
}

/// One function to rewrite.
struct Found {
  /// Replaced by the opening of the call (the directive, or nothing just
  /// inside the body's `{`).
  open: Range<usize>,
  /// Replaced by its closing (nothing, just before the body's `}`).
  close: Range<usize>,
  kind: String,
  /// Where it starts: its part of the id.
  place: usize,
  /// Its parameters' bindings, in order: the call's part of the key.
  params: Vec<String>,
  /// What it captures from enclosing functions: part of the key too.
  captured: Vec<String>,
}

struct Finder<'a> {
  parsed: &'a ParsedSource,
  /// The file's own directive, if any.
  file_kind: Option<String>,
  /// Functions the file-level directive covers (by their start).
  exported: HashSet<u32>,
  /// How many functions enclose the current node.
  depth: usize,
  edits: Vec<Found>,
  error: Option<String>,
}

impl Finder<'_> {
  fn range<T: SourceRangedForSpanned>(&self, node: &T) -> Range<usize> {
    node.range().as_byte_range(StartSourcePos::START_SOURCE_POS)
  }

  fn consider(
    &mut self,
    start: u32,
    is_async: bool,
    params: &[&Pat],
    body: &BlockStmt,
  ) {
    let (kind, directive) = match directive_stmt(body) {
      Some(stmt) => {
        let kind = directive_kind(std::iter::once(stmt));
        (kind, Some(self.range(stmt)))
      }
      None if self.exported.contains(&start) => (self.file_kind.clone(), None),
      None => (None, None),
    };
    let Some(kind) = kind else { return };
    if !is_async {
      let line = self
        .parsed
        .text_info_lazy()
        .line_and_column_display(body.start());
      self.error = Some(format!(
        "\"use cache\" functions must be async functions (line {})",
        line.line_number
      ));
      return;
    }
    let body_range = self.range(body);
    let open = directive.unwrap_or(body_range.start + 1..body_range.start + 1);
    let close = body_range.end - 1..body_range.end - 1;
    let mut bound = Bindings::default();
    for param in params {
      param.visit_with(&mut bound);
    }
    let params: Vec<String> =
      bound.order.iter().map(|(sym, _)| sym.to_string()).collect();
    let captured = if self.depth > 0 {
      self.captured(bound, body)
    } else {
      Vec::new()
    };
    self.edits.push(Found {
      open,
      close,
      kind,
      place: start as usize,
      params,
      captured,
    });
  }

  /// The identifiers `body` reads that belong to enclosing functions.
  fn captured(&self, mut declared: Bindings, body: &BlockStmt) -> Vec<String> {
    body.visit_with(&mut declared);
    let mut uses = Uses::default();
    body.visit_with(&mut uses);
    let top = self.parsed.top_level_context();
    let unresolved = self.parsed.unresolved_context();
    let mut seen = HashSet::new();
    uses
      .order
      .into_iter()
      .filter(|(sym, ctxt)| {
        *ctxt != top
          && *ctxt != unresolved
          && &**sym != "arguments"
          && !declared.set.contains(&(sym.clone(), *ctxt))
      })
      .filter(|key| seen.insert(key.clone()))
      .map(|(sym, _)| sym.to_string())
      .collect()
  }
}

impl Visit for Finder<'_> {
  fn visit_function(&mut self, function: &Function) {
    if let Some(body) = &function.body {
      let params: Vec<&Pat> = function.params.iter().map(|p| &p.pat).collect();
      self.consider(function.span.lo.0, function.is_async, &params, body);
    }
    self.depth += 1;
    function.visit_children_with(self);
    self.depth -= 1;
  }

  fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
    if let BlockStmtOrExpr::BlockStmt(body) = &*arrow.body {
      let params: Vec<&Pat> = arrow.params.iter().collect();
      self.consider(arrow.span.lo.0, arrow.is_async, &params, body);
    }
    self.depth += 1;
    arrow.visit_children_with(self);
    self.depth -= 1;
  }
}

/// Bindings a pattern or a body declares, by name and scope.
#[derive(Default)]
struct Bindings {
  set: HashSet<(Atom, SyntaxContext)>,
  order: Vec<(Atom, SyntaxContext)>,
}

impl Bindings {
  fn add(&mut self, ident: &Ident) {
    let key = (ident.sym.clone(), ident.ctxt);
    if self.set.insert(key.clone()) {
      self.order.push(key);
    }
  }
}

impl Visit for Bindings {
  fn visit_binding_ident(&mut self, ident: &BindingIdent) {
    self.add(&ident.id);
  }

  fn visit_fn_decl(&mut self, decl: &FnDecl) {
    self.add(&decl.ident);
    decl.visit_children_with(self);
  }

  fn visit_class_decl(&mut self, decl: &ClassDecl) {
    self.add(&decl.ident);
    decl.visit_children_with(self);
  }
}

/// Identifiers read, in order.
#[derive(Default)]
struct Uses {
  order: Vec<(Atom, SyntaxContext)>,
}

impl Visit for Uses {
  fn visit_ident(&mut self, ident: &Ident) {
    self.order.push((ident.sym.clone(), ident.ctxt));
  }

  // Types name nothing at run time.
  fn visit_ts_type(&mut self, _: &TsType) {}

  fn visit_ts_type_ann(&mut self, _: &TsTypeAnn) {}

  fn visit_ts_type_param_instantiation(
    &mut self,
    _: &TsTypeParamInstantiation,
  ) {
  }

  // Labels are not variables.
  fn visit_labeled_stmt(&mut self, stmt: &LabeledStmt) {
    stmt.body.visit_with(self);
  }

  fn visit_break_stmt(&mut self, _: &BreakStmt) {}

  fn visit_continue_stmt(&mut self, _: &ContinueStmt) {}
}

#[cfg(test)]
mod tests {
  use super::*;

  fn rewrite(source: &str) -> String {
    let specifier =
      ModuleSpecifier::parse("file:///app/lib/data.ts").expect("url");
    apply(&specifier, source, MediaType::TypeScript)
      .expect("no error")
      .expect("rewritten")
  }

  #[test]
  fn a_function_directive_wraps_the_body_and_keys_on_the_parameters() {
    let out = rewrite(
      "export async function count(name: string, { page }: { page: number }) {\n  'use cache'\n  return name\n}\n",
    );
    assert!(
      out.starts_with("import { $$useCache } from \"next/cache\";export")
    );
    assert!(
      out.contains(
        ", \"default\", [], async () => {\n  return name\n}, [name, page]);}"
      ),
      "{out}"
    );
    assert_eq!(out.lines().count(), 4, "line numbers stay");
  }

  #[test]
  fn a_nested_function_keys_on_what_it_captures() {
    let out = rewrite(
      "import x from 'x'\nexport async function GET(request: Request) {\n  const name = request.url\n  async function inner(n: number) {\n    'use cache: remote'\n    const local = 1\n    return name + n + local + x\n  }\n  return inner(1)\n}\n",
    );
    assert!(out.contains("\"remote\", [name], async () => {"), "{out}");
    assert!(out.contains("}, [n]);}"), "{out}");
  }

  #[test]
  fn a_file_directive_covers_every_exported_async_function() {
    let out = rewrite(
      "'use cache'\nexport async function a() { return 1 }\nexport const b = async (n: number) => { return n }\nasync function notExported() { return 2 }\n",
    );
    assert_eq!(out.matches("$$useCache(").count(), 2, "{out}");
    let specifier = ModuleSpecifier::parse("file:///app/x.ts").expect("url");
    let error = apply(
      &specifier,
      "'use cache'\nexport function sync() { return 1 }\n",
      MediaType::TypeScript,
    );
    assert!(error.is_err_and(|e| e.contains("`sync` is not async")));
  }

  #[test]
  fn a_sync_function_with_the_directive_is_an_error() {
    let specifier = ModuleSpecifier::parse("file:///app/x.ts").expect("url");
    let error = apply(
      &specifier,
      "function f() {\n  'use cache'\n  return 1\n}\n",
      MediaType::TypeScript,
    );
    assert!(error.is_err_and(|e| e.contains("must be async")));
  }
}
