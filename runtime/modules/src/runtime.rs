//! The two runtimes Next.js runs a route handler on, as the route's
//! segment config picks them (`export const runtime = 'edge'`).

/// Which runtime a route's code runs on. It decides what a module sees:
/// the `exports` conditions and entry fields of packages, and which Node
/// built-ins exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Runtime {
  /// Next.js's default: Node.js APIs (`Buffer`, `fs`, `process`, ...).
  #[default]
  NodeJs,
  /// `runtime = 'edge'`: Web APIs and the few Node modules Next's edge
  /// runtime polyfills.
  Edge,
}

impl Runtime {
  /// The runtime a segment-config value names, as Next.js reads it
  /// (`'nodejs'`, `'edge'`, and the older `'experimental-edge'`); `None`
  /// for anything else.
  pub fn from_segment(value: &str) -> Option<Runtime> {
    match value {
      "nodejs" => Some(Runtime::NodeJs),
      "edge" | "experimental-edge" => Some(Runtime::Edge),
      _ => None,
    }
  }

  /// The name Next.js gives it (`process.env.NEXT_RUNTIME`, the route
  /// table).
  pub fn as_str(self) -> &'static str {
    match self {
      Runtime::NodeJs => "nodejs",
      Runtime::Edge => "edge",
    }
  }
}

impl std::fmt::Display for Runtime {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.write_str(self.as_str())
  }
}
