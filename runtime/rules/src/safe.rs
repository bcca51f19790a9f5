//! Next's safe wrappers around path-to-regexp (route-pattern-normalizer, route-match-utils):
//! adjacent params and interception markers separated before compiling, repeating keys
//! without a prefix given one for validation.

use crate::pattern::{Options, Token, fill, parse, to_regex_source};
use crate::query::{JsMap, Val};

/// Next's fallback for validation (`tryToParsePath`): repeating keys without prefix and suffix
/// get a `/` prefix instead of failing.
pub(crate) fn normalize_repeating(tokens: &[Token]) -> Vec<Token> {
  tokens
    .iter()
    .map(|t| match t {
      Token::Key(k)
        if k.repeats() && k.prefix.is_empty() && k.suffix.is_empty() =>
      {
        let mut k = k.clone();
        k.prefix = "/".into();
        Token::Key(k)
      }
      t => t.clone(),
    })
    .collect()
}

const SEP: &str = "_NEXTSEP_";

/// Next's `hasAdjacentParameterIssues`: interception markers or two params back to back.
fn has_adjacent_issue(route: &str) -> bool {
  static_regex(r"/\(\.{1,3}\):[^/\s]+")
    .is_some_and(|r| r.is_match(route).unwrap_or(false))
    || static_regex(r":[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*")
      .is_some_and(|r| r.is_match(route).unwrap_or(false))
}

fn static_regex(src: &str) -> Option<fancy_regex::Regex> {
  fancy_regex::Regex::new(src).ok()
}

fn normalize_adjacent(route: &str) -> String {
  let mut s = route.to_string();
  if let Some(r) = static_regex(r"(\([^)]*\)):([^/\s]+)") {
    s = r
      .replace_all(&s, format!("${{1}}{SEP}:${{2}}").as_str())
      .into_owned();
  }
  if let Some(r) = static_regex(r":([^:/\s)]+)(?=:)") {
    s = r
      .replace_all(&s, format!(":${{1}}{SEP}").as_str())
      .into_owned();
  }
  s
}

/// Next's `safeCompile`: parse with the defaults and fill, retrying with adjacent params separated.
pub(crate) fn safe_compile(
  route: &str,
  params: &JsMap<Val>,
  encode: &dyn Fn(&str) -> String,
) -> Result<String, String> {
  let opts = Options::defaults();
  let needs = has_adjacent_issue(route);
  let used = if needs {
    normalize_adjacent(route)
  } else {
    route.to_string()
  };
  let strip = |s: String| s.replace(&format!("){SEP}"), ")");
  match parse(&used, &opts) {
    Ok(t) => fill(&t, params, encode).map(|s| if needs { strip(s) } else { s }),
    Err(e) if !needs => match parse(&normalize_adjacent(route), &opts) {
      Ok(t) => fill(&t, params, encode).map(strip),
      Err(_) => Err(e),
    },
    Err(e) => Err(e),
  }
}

/// Next's `safePathToRegexp` for key names only (destination params).
pub(crate) fn safe_key_names(route: &str) -> Result<Vec<String>, String> {
  let opts = Options::defaults();
  let needs = has_adjacent_issue(route);
  let used = if needs {
    normalize_adjacent(route)
  } else {
    route.to_string()
  };
  let attempt = |r: &str| -> Result<Vec<String>, String> {
    let t = parse(r, &opts)?;
    let (_, keys) = to_regex_source(&t, &opts)?;
    Ok(keys.iter().filter_map(|k| k.name.as_param()).collect())
  };
  match attempt(&used) {
    Ok(k) => Ok(k),
    Err(e) if !needs => attempt(&normalize_adjacent(route)).map_err(|_| e),
    Err(e) => Err(e),
  }
}
