//! Next.js's rules for handler methods: which HTTP methods a route module
//! may export, which exports are handlers, and what a request's method
//! does against a module's exports (automatic `OPTIONS`, `HEAD` through
//! `GET`, 405, 400). The one definition of each: the JS glue receives the
//! classification from Rust and keeps no list of its own.

/// The HTTP methods a route module may export, in Next.js's order.
pub const HANDLER_METHODS: [&str; 7] =
  ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];

/// One of [`HANDLER_METHODS`]: what [`method_rule`] decides about. A
/// request with any other method is a 400 before the route is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandlerMethod(&'static str);

impl HandlerMethod {
  /// The method's name (`GET`).
  pub fn as_str(self) -> &'static str {
    self.0
  }
}

/// `method` as one of [`HANDLER_METHODS`], if it is one (case-sensitive,
/// as Next.js compares).
pub fn handler_method(method: &str) -> Option<HandlerMethod> {
  HANDLER_METHODS
    .iter()
    .find(|m| **m == method)
    .map(|m| HandlerMethod(m))
}

/// A route module's exports, sorted into handlers and look-alikes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exports {
  /// The exported handler methods, in [`HANDLER_METHODS`] order.
  pub methods: Vec<&'static str>,
  /// Exports Next.js ignores although they look like handlers: lowercase
  /// method names (`get`) and `default`.
  pub ignored: Vec<String>,
}

impl Exports {
  /// Whether the module exports a handler for `method`.
  pub fn has(&self, method: &str) -> bool {
    self.methods.contains(&method)
  }
}

/// Sorts export names into handlers and ignored look-alikes. Each export
/// comes with whether it can be called: an exported `GET` that is not a
/// function is neither (read from source, every export counts as
/// callable).
pub fn classify_exports<'a>(
  exports: impl IntoIterator<Item = (&'a str, bool)>,
) -> Exports {
  let mut found = Exports::default();
  let mut callable: Vec<&str> = Vec::new();
  for (name, is_function) in exports {
    if handler_method(name).is_some() {
      if is_function {
        callable.push(name);
      }
    } else if name == "default"
      || handler_method(&name.to_ascii_uppercase()).is_some()
    {
      found.ignored.push(name.to_owned());
    }
  }
  found.methods = HANDLER_METHODS
    .iter()
    .copied()
    .filter(|m| callable.contains(m))
    .collect();
  found
}

/// Whether Next.js prerenders a module's GET when its segment config asks
/// for it (`dynamic = 'force-static'`, `revalidate`): only when GET (and
/// HEAD) are its only handlers. Beside POST, PUT, PATCH, DELETE or OPTIONS
/// the GET runs per request.
pub fn prerenderable(exports: &Exports) -> bool {
  exports.has("GET")
    && exports.methods.iter().all(|m| matches!(*m, "GET" | "HEAD"))
}

/// What a request's method does against a module's exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodRule {
  /// Call this export (`HEAD` runs `GET` when there is no `HEAD`; the
  /// body is dropped).
  Call(&'static str),
  /// Answer `OPTIONS` without entering JS, with this `Allow` header.
  AutoOptions(String),
  /// The module does not export the method: 405.
  NotAllowed,
}

/// Next.js's decision for `method` against `exports`.
pub fn method_rule(method: HandlerMethod, exports: &Exports) -> MethodRule {
  let method = method.as_str();
  if exports.has(method) {
    return MethodRule::Call(method);
  }
  match method {
    "HEAD" if exports.has("GET") => MethodRule::Call("GET"),
    "OPTIONS" => MethodRule::AutoOptions(allow_header(&exports.methods)),
    _ => MethodRule::NotAllowed,
  }
}

/// `Allow` for automatic `OPTIONS`: the exported methods, plus `OPTIONS`,
/// plus `HEAD` when `GET` is there, sorted.
pub fn allow_header(methods: &[&str]) -> String {
  let mut allow: Vec<&str> = methods.to_vec();
  allow.push("OPTIONS");
  if allow.contains(&"GET") {
    allow.push("HEAD");
  }
  allow.sort_unstable();
  allow.dedup();
  allow.join(", ")
}

#[cfg(test)]
mod tests {
  use super::*;

  fn exports(names: &[&str]) -> Exports {
    classify_exports(names.iter().map(|n| (*n, true)))
  }

  /// The rule for a method name, `None` when it is no handler method.
  fn rule(method: &str, exports: &Exports) -> Option<MethodRule> {
    handler_method(method).map(|m| method_rule(m, exports))
  }

  #[test]
  fn handlers_are_the_upper_case_functions_in_next_order() {
    let found = classify_exports([
      ("POST", true),
      ("GET", true),
      ("PUT", false),
      ("get", true),
      ("default", true),
      ("helper", true),
      ("Patch", true),
    ]);
    assert_eq!(found.methods, vec!["GET", "POST"]);
    assert_eq!(found.ignored, vec!["get", "default", "Patch"]);
  }

  #[test]
  fn head_runs_get_and_options_is_automatic() {
    let only_get = exports(&["GET"]);
    assert_eq!(rule("GET", &only_get), Some(MethodRule::Call("GET")));
    assert_eq!(rule("HEAD", &only_get), Some(MethodRule::Call("GET")));
    assert_eq!(
      rule("OPTIONS", &only_get),
      Some(MethodRule::AutoOptions("GET, HEAD, OPTIONS".to_owned()))
    );
    assert_eq!(rule("POST", &only_get), Some(MethodRule::NotAllowed));
    assert_eq!(rule("TRACE", &only_get), None);
    assert_eq!(rule("get", &only_get), None);
    let own = exports(&["HEAD", "OPTIONS", "PATCH"]);
    assert_eq!(rule("HEAD", &own), Some(MethodRule::Call("HEAD")));
    assert_eq!(rule("OPTIONS", &own), Some(MethodRule::Call("OPTIONS")));
    assert_eq!(allow_header(&["PATCH", "DELETE"]), "DELETE, OPTIONS, PATCH");
  }
}
