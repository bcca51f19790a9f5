//! next.config's `env`, inlined as Next.js inlines it at build time: every
//! `process.env.NAME` (or `process.env["NAME"]`) of the global `process`
//! whose NAME the config defines becomes the JSON string literal of its
//! value, in app code and packages alike. A computed `process.env[name]`,
//! an optional chain (`process.env?.NAME`), an assignment target and a
//! locally bound `process` are left as written.
//!
//! The replacement is spliced into the source text, before the module is
//! parsed for real, so what reads the module afterwards (imports, exports,
//! segment-config literals, swc's emit) sees the inlined code. Each literal
//! is one line, so line numbers (and source maps) stay right.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use deno_ast::swc::ast::{
  Expr, Lit, MemberExpr, MemberProp, OptChainBase, Pat, SimpleAssignTarget,
  UpdateExpr,
};
use deno_ast::swc::common::SyntaxContext;
use deno_ast::swc::ecma_visit::{Visit, VisitWith};
use deno_ast::{
  MediaType, ModuleSpecifier, ParseParams, ParsedSource,
  SourceRangedForSpanned, StartSourcePos,
};

/// The `env` of next.config: names and the code each `process.env.NAME`
/// becomes (a JSON string literal).
#[derive(Debug, Clone, Default)]
pub struct Defines {
  literals: HashMap<String, String>,
}

impl Defines {
  /// Defines for `env` entries (`NAME`, value); a later entry for the same
  /// name wins.
  pub fn new(env: impl IntoIterator<Item = (String, String)>) -> Self {
    Self {
      literals: env
        .into_iter()
        .map(|(name, value)| (name, string_literal(&value)))
        .collect(),
    }
  }

  /// Whether nothing is defined.
  pub fn is_empty(&self) -> bool {
    self.literals.is_empty()
  }

  /// The literal `process.env.<name>` becomes, if `name` is defined.
  pub fn literal(&self, name: &str) -> Option<&str> {
    self.literals.get(name).map(String::as_str)
  }

  /// `text` with the defines inlined, or `None` when nothing changes (no
  /// define is used, or the file does not parse: the caller reports that).
  pub(crate) fn apply(
    &self,
    specifier: &ModuleSpecifier,
    text: &str,
    media_type: MediaType,
  ) -> Option<String> {
    // Cheap pre-check: most files never mention a defined name.
    if self.is_empty()
      || !text.contains("process")
      || !self
        .literals
        .keys()
        .any(|name| text.contains(name.as_str()))
    {
      return None;
    }
    let parsed = parse_any(specifier, text, media_type)?;
    let edits = self.edits(&parsed)?;
    if edits.is_empty() {
      return None;
    }
    splice(parsed.text().as_ref(), &edits)
  }

  /// Byte ranges of `parsed`'s text to replace, and their literals.
  fn edits<'a>(
    &'a self,
    parsed: &ParsedSource,
  ) -> Option<Vec<(Range<usize>, &'a str)>> {
    if !parsed.has_scope_analysis() {
      return None;
    }
    let mut finder = Finder {
      defines: self,
      unresolved: parsed.unresolved_context(),
      found: Vec::new(),
    };
    match parsed.program_ref() {
      deno_ast::ProgramRef::Module(module) => module.visit_with(&mut finder),
      deno_ast::ProgramRef::Script(script) => script.visit_with(&mut finder),
    }
    Some(
      finder
        .found
        .into_iter()
        .map(|(member, literal)| {
          (
            member.as_byte_range(StartSourcePos::START_SOURCE_POS),
            literal,
          )
        })
        .collect(),
    )
  }
}

/// `value` as a JSON string literal on one line: JSON escapes line feeds
/// and carriage returns; U+2028/U+2029 (line terminators to V8's line
/// count) are escaped too.
fn string_literal(value: &str) -> String {
  let json = serde_json::Value::String(value.to_owned()).to_string();
  json
    .replace('\u{2028}', "\\u2028")
    .replace('\u{2029}', "\\u2029")
}

/// Parses with scope analysis, as the loader will take the file: a module,
/// or a script for CommonJS (sloppy-mode `.js` may only parse as one).
pub(crate) fn parse_any(
  specifier: &ModuleSpecifier,
  text: &str,
  media_type: MediaType,
) -> Option<ParsedSource> {
  let params = |media_type| ParseParams {
    specifier: specifier.clone(),
    text: text.into(),
    media_type,
    capture_tokens: false,
    scope_analysis: true,
    maybe_syntax: None,
  };
  let clean =
    |parsed: ParsedSource| parsed.diagnostics().is_empty().then_some(parsed);
  match media_type {
    MediaType::Cjs => deno_ast::parse_script(params(media_type)).ok(),
    MediaType::JavaScript => deno_ast::parse_module(params(media_type))
      .ok()
      .and_then(clean)
      .or_else(|| deno_ast::parse_script(params(MediaType::Cjs)).ok()),
    _ => deno_ast::parse_module(params(media_type)).ok(),
  }
  .and_then(clean)
}

/// `text` with each range replaced; `None` if a range is not in it.
pub(crate) fn splice(
  text: &str,
  edits: &[(Range<usize>, &str)],
) -> Option<String> {
  let mut edits = edits.to_vec();
  edits.sort_by_key(|(range, _)| range.start);
  let mut out = String::with_capacity(text.len());
  let mut done = 0;
  for (range, literal) in edits {
    out.push_str(text.get(done..range.start)?);
    text.get(range.clone())?;
    out.push_str(literal);
    done = range.end;
  }
  out.push_str(text.get(done..)?);
  Some(out)
}

/// Collects the `process.env.NAME` reads to replace.
struct Finder<'a> {
  defines: &'a Defines,
  /// The context of identifiers bound nowhere in the file (globals).
  unresolved: SyntaxContext,
  found: Vec<(deno_ast::SourceRange, &'a str)>,
}

impl<'a> Finder<'a> {
  /// The literal for `member`, if it reads a defined `process.env` name.
  fn literal(&self, member: &MemberExpr) -> Option<&'a str> {
    let name = prop_name(&member.prop)?;
    let Expr::Member(env) = unwrapped(&member.obj) else {
      return None;
    };
    if prop_name(&env.prop)? != "env" {
      return None;
    }
    let Expr::Ident(process) = unwrapped(&env.obj) else {
      return None;
    };
    if process.sym != "process" || process.ctxt != self.unresolved {
      return None;
    }
    self.defines.literal(&name)
  }

  /// An expression written to: its own member is not replaced, what is
  /// inside it (`process.env.A.b = 1`, `o[process.env.A] = 1`) may be.
  fn visit_target(&mut self, expr: &Expr) {
    match unwrapped(expr) {
      Expr::Member(member) => member.visit_children_with(self),
      other => other.visit_with(self),
    }
  }
}

impl Visit for Finder<'_> {
  fn visit_member_expr(&mut self, member: &MemberExpr) {
    match self.literal(member) {
      Some(literal) => self.found.push((member.range(), literal)),
      None => member.visit_children_with(self),
    }
  }

  // `process.env?.A` is not replaced (Next 16 with Turbopack leaves
  // optional chains alone); what is inside the chain may be.
  fn visit_opt_chain_base(&mut self, base: &OptChainBase) {
    match base {
      OptChainBase::Member(member) => member.visit_children_with(self),
      OptChainBase::Call(call) => call.visit_children_with(self),
    }
  }

  fn visit_simple_assign_target(&mut self, target: &SimpleAssignTarget) {
    match target {
      SimpleAssignTarget::Member(member) => member.visit_children_with(self),
      SimpleAssignTarget::Paren(e) => self.visit_target(&e.expr),
      SimpleAssignTarget::TsAs(e) => self.visit_target(&e.expr),
      SimpleAssignTarget::TsSatisfies(e) => self.visit_target(&e.expr),
      SimpleAssignTarget::TsNonNull(e) => self.visit_target(&e.expr),
      SimpleAssignTarget::TsTypeAssertion(e) => self.visit_target(&e.expr),
      other => other.visit_children_with(self),
    }
  }

  // Expressions in patterns are destructuring-assignment and `for (x in/of)`
  // targets.
  fn visit_pat(&mut self, pat: &Pat) {
    match pat {
      Pat::Expr(expr) => self.visit_target(expr),
      other => other.visit_children_with(self),
    }
  }

  fn visit_update_expr(&mut self, update: &UpdateExpr) {
    self.visit_target(&update.arg);
  }
}

/// The expression inside parentheses and TypeScript assertions.
fn unwrapped(mut expr: &Expr) -> &Expr {
  loop {
    expr = match expr {
      Expr::Paren(e) => &e.expr,
      Expr::TsAs(e) => &e.expr,
      Expr::TsSatisfies(e) => &e.expr,
      Expr::TsNonNull(e) => &e.expr,
      Expr::TsTypeAssertion(e) => &e.expr,
      _ => return expr,
    }
  }
}

/// `.name` or `["name"]`.
fn prop_name(prop: &MemberProp) -> Option<Cow<'_, str>> {
  match prop {
    MemberProp::Ident(ident) => Some(Cow::Borrowed(ident.sym.as_str())),
    MemberProp::Computed(computed) => match &*computed.expr {
      Expr::Lit(Lit::Str(s)) => Some(s.value.to_string_lossy()),
      _ => None,
    },
    MemberProp::PrivateName(_) => None,
  }
}

#[cfg(test)]
mod tests;
