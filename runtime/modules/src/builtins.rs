//! The modules the runtime provides itself. This crate does not know them:
//! the embedder that builds the isolates (and so knows their extensions)
//! hands a [`Builtins`] to the [`Resolver`](crate::Resolver).

use super::Runtime;

/// Built-in modules, matched before any file or package.
#[derive(Debug, Clone, Default)]
pub struct Builtins {
  /// Bare specifiers served by the runtime and their module URLs
  /// (`next/server` → `edgeroute:next/server`); a `.js` suffix on the
  /// specifier is ignored.
  pub specifiers: Vec<(&'static str, &'static str)>,
  /// The Node built-ins the edge runtime provides, by module name
  /// (`buffer`), and their module URLs.
  pub node: Vec<(&'static str, &'static str)>,
  /// The Node built-ins the Node.js runtime provides, by module name; each
  /// is the module `node:<name>`.
  pub nodejs: Vec<&'static str>,
  /// Every module name Node itself has: a bare import of one names the
  /// built-in, never a package, and is an error when not provided.
  pub node_names: &'static [&'static str],
  /// The module the ES wrapper of a CommonJS file imports `loadCommonJs`
  /// from.
  pub commonjs: &'static str,
  /// An empty module (a package's `browser` field maps a file or module to
  /// `false`).
  pub empty: &'static str,
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

  /// `Some(Ok(url))` for a Node built-in `runtime` provides (`node:x` or
  /// Node's own bare name), `Some(Err(reason))` for one it lacks, `None`
  /// for anything else.
  pub fn node(
    &self,
    specifier: &str,
    runtime: Runtime,
  ) -> Option<Result<String, String>> {
    let prefixed = specifier.strip_prefix("node:");
    let bare = prefixed.unwrap_or(specifier);
    let found = match runtime {
      Runtime::Edge => self
        .node
        .iter()
        .find(|(n, _)| *n == bare)
        .map(|(_, url)| (*url).to_owned()),
      Runtime::NodeJs => {
        self.nodejs.contains(&bare).then(|| format!("node:{bare}"))
      }
    };
    if let Some(url) = found {
      return Some(Ok(url));
    }
    if prefixed.is_none() && !self.node_names.contains(&bare) {
      return None;
    }
    Some(Err(match runtime {
      Runtime::Edge => {
        let provided: Vec<String> =
          self.node.iter().map(|(n, _)| format!("node:{n}")).collect();
        format!(
          "node:{bare} is not available in the edge runtime (available: {}); remove `export const runtime = 'edge'` to run this route on Node.js",
          provided.join(", ")
        )
      }
      Runtime::NodeJs => {
        format!("node:{bare} is not available in edgeroute's Node.js runtime")
      }
    }))
  }
}
