//! The `exports` and `imports` maps of `package.json`, matched as Node's
//! `PACKAGE_EXPORTS_RESOLVE` / `PACKAGE_IMPORTS_RESOLVE` do: exact keys,
//! then `*` patterns (longest prefix first), targets picked by the first
//! condition, in the map's own key order, that the importer accepts.

use serde_json::{Map, Value};

use super::{ImportKind, Runtime};

/// The `exports` conditions a route's module accepts, as Next.js's
/// bundler (Turbopack, `next build` in Next 16) sets them for the app
/// router's route handlers: the build mode, the runtime's own condition
/// (`node` / `edge-light`), `react-server` (route handlers are on the
/// server layer), `module`, and on the edge `browser`; then the kind of
/// import and `default`. What Node itself requires at run time (a
/// `createRequire` require) sees Node's conditions.
pub fn conditions(
  runtime: Runtime,
  kind: ImportKind,
) -> &'static [&'static str] {
  match (runtime, kind) {
    (Runtime::NodeJs, ImportKind::Import) => NODE_IMPORT,
    (Runtime::NodeJs, ImportKind::Require) => NODE_REQUIRE,
    (Runtime::Edge, ImportKind::Import) => EDGE_IMPORT,
    (Runtime::Edge, ImportKind::Require | ImportKind::NativeRequire) => {
      EDGE_REQUIRE
    }
    (Runtime::NodeJs, ImportKind::NativeRequire) => NODE_NATIVE_REQUIRE,
  }
}

/// Node's own `require()` (Node 22+ also has `module-sync`, for a
/// require() of ES modules, which edgeroute's require does not load).
const NODE_NATIVE_REQUIRE: &[&str] = &["node", "require", "default"];

const NODE_IMPORT: &[&str] = &[
  "production",
  "node",
  "react-server",
  "module",
  "import",
  "default",
];
const NODE_REQUIRE: &[&str] = &[
  "production",
  "node",
  "react-server",
  "module",
  "require",
  "default",
];
const EDGE_IMPORT: &[&str] = &[
  "production",
  "edge-light",
  "react-server",
  "browser",
  "module",
  "import",
  "default",
];
const EDGE_REQUIRE: &[&str] = &[
  "production",
  "edge-light",
  "react-server",
  "browser",
  "module",
  "require",
  "default",
];

/// The target of `subpath` (`.` or `./x`) in an `exports` value, relative
/// to the package folder (`./dist/x.js`); `None` when not exported.
pub fn exports_target(
  exports: &Value,
  subpath: &str,
  conditions: &[&str],
) -> Option<String> {
  let is_sugar = match exports {
    Value::Object(map) => !map.keys().any(|k| k.starts_with('.')),
    _ => true,
  };
  if is_sugar {
    return if subpath == "." {
      target(exports, None, conditions, false)
    } else {
      None
    };
  }
  let Value::Object(map) = exports else {
    return None;
  };
  match_map(map, subpath, conditions, false)
}

/// The target of `#name` in an `imports` value: a path relative to the
/// package folder, or a bare specifier to resolve as a package.
pub fn imports_target(
  imports: &Value,
  specifier: &str,
  conditions: &[&str],
) -> Option<String> {
  let Value::Object(map) = imports else {
    return None;
  };
  match_map(map, specifier, conditions, true)
}

fn match_map(
  map: &Map<String, Value>,
  key: &str,
  conditions: &[&str],
  imports: bool,
) -> Option<String> {
  if !key.contains('*')
    && let Some(value) = map.get(key)
  {
    return target(value, None, conditions, imports);
  }
  // (pattern key, its value, what `*` matched)
  let mut best: Option<(&str, &Value, &str)> = None;
  for (pattern, value) in map {
    let Some((base, trailer)) = pattern.split_once('*') else {
      continue;
    };
    if trailer.contains('*')
      || !key.starts_with(base)
      || key == base
      || !key.ends_with(trailer)
      || key.len() < pattern.len()
    {
      continue;
    }
    let matched = &key[base.len()..key.len() - trailer.len()];
    if best.is_none_or(|(current, _, _)| pattern_is_better(pattern, current)) {
      best = Some((pattern, value, matched));
    }
  }
  let (_, value, matched) = best?;
  target(value, Some(matched), conditions, imports)
}

/// Node's `PATTERN_KEY_COMPARE`: the longer prefix before `*` wins, then
/// the longer key.
fn pattern_is_better(candidate: &str, current: &str) -> bool {
  let base = |k: &str| k.find('*').map_or(k.len(), |i| i + 1);
  let (a, b) = (base(candidate), base(current));
  a > b || (a == b && candidate.len() > current.len())
}

fn target(
  value: &Value,
  matched: Option<&str>,
  conditions: &[&str],
  imports: bool,
) -> Option<String> {
  match value {
    Value::String(target) => {
      let bare = !target.starts_with("./");
      if bare
        && (!imports || target.starts_with("../") || target.starts_with('/'))
      {
        // Exports must stay inside the package.
        return None;
      }
      let resolved = match matched {
        Some(star) => target.replace('*', star),
        None => target.clone(),
      };
      // A bare `imports` target names a package; a pattern match must not
      // turn it into a path (`"#*": "*"` with `#/etc/x` would be absolute).
      if bare && (resolved.starts_with('/') || resolved.starts_with("../")) {
        return None;
      }
      // `..` in a target or a pattern match escapes the package.
      let escapes = resolved
        .split(['/', '\\'])
        .any(|part| part == ".." || part == "node_modules");
      (!escapes).then_some(resolved)
    }
    Value::Array(items) => items
      .iter()
      .find_map(|item| target(item, matched, conditions, imports)),
    Value::Object(map) => {
      for (condition, value) in map {
        if condition == "default" || conditions.contains(&condition.as_str()) {
          match value {
            // A matching condition mapped to null hides the subpath.
            Value::Null => return None,
            _ => {
              if let Some(found) = target(value, matched, conditions, imports) {
                return Some(found);
              }
            }
          }
        }
      }
      None
    }
    _ => None,
  }
}
