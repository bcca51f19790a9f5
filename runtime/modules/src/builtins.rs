//! The modules the runtime provides itself. This crate does not know them:
//! the embedder that builds the isolates (and so knows their extensions)
//! hands a [`Builtins`] to the [`Resolver`](crate::Resolver).

/// Built-in modules, matched before any file or package.
#[derive(Debug, Clone, Default)]
pub struct Builtins {
  /// Bare specifiers served by the runtime and their module URLs
  /// (`next/server` → `edgeroute:next/server`); a `.js` suffix on the
  /// specifier is ignored.
  pub specifiers: Vec<(&'static str, &'static str)>,
  /// The Node built-ins provided, by module name (`buffer`), and their
  /// module URLs.
  pub node: Vec<(&'static str, &'static str)>,
  /// Every module name Node itself has: a bare import of one names the
  /// built-in, never a package, and is an error when not provided.
  pub node_names: &'static [&'static str],
  /// The module the ES wrapper of a CommonJS file imports `loadCommonJs`
  /// from.
  pub commonjs: &'static str,
}

impl Builtins {
  /// The URL of a built-in bare specifier (`next/server`).
  pub fn specifier(&self, specifier: &str) -> Option<&'static str> {
    let bare = specifier.strip_suffix(".js").unwrap_or(specifier);
    self
      .specifiers
      .iter()
      .find(|(name, _)| *name == bare)
      .map(|(_, url)| *url)
  }

  /// `Some(Ok(url))` for a provided Node built-in (`node:x` or Node's own
  /// bare name), `Some(Err(reason))` for one not provided, `None` for
  /// anything else.
  pub fn node(&self, specifier: &str) -> Option<Result<&'static str, String>> {
    let prefixed = specifier.strip_prefix("node:");
    let bare = prefixed.unwrap_or(specifier);
    if let Some((_, url)) = self.node.iter().find(|(n, _)| *n == bare) {
      return Some(Ok(url));
    }
    if prefixed.is_none() && !self.node_names.contains(&bare) {
      return None;
    }
    let provided: Vec<String> =
      self.node.iter().map(|(n, _)| format!("node:{n}")).collect();
    Some(Err(format!(
      "node:{bare} is not available in edgeroute's edge runtime (available: {})",
      provided.join(", ")
    )))
  }
}
