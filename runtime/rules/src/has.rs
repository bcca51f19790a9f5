//! `has` / `missing` conditions: header, cookie, query, host; with or without a value regex.

use crate::error::ConfigError;
use crate::query::{JsMap, Val};
use http::HeaderMap;

/// What a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasKind {
  /// A request header (key matched case-insensitively).
  Header,
  /// A cookie from the `cookie` header.
  Cookie,
  /// A query parameter.
  Query,
  /// The `host` header without its port, lowercased.
  Host,
}

/// One compiled `has` or `missing` item.
#[derive(Debug, Clone)]
pub struct HasItem {
  kind: HasKind,
  key: String,
  value: Option<fancy_regex::Regex>,
}

impl HasItem {
  /// Reads and checks one item as load-custom-routes does; `at` names it in errors.
  pub(crate) fn from_json(
    v: &serde_json::Value,
    at: &str,
  ) -> Result<HasItem, ConfigError> {
    let obj = v
      .as_object()
      .ok_or_else(|| ConfigError::rule(at, "must be an object with `type`"))?;
    let ty = obj.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let kind = match ty {
      "header" => HasKind::Header,
      "cookie" => HasKind::Cookie,
      "query" => HasKind::Query,
      "host" => HasKind::Host,
      other => {
        return Err(ConfigError::rule(at, format!("invalid type \"{other}\"")));
      }
    };
    let key = match obj.get("key") {
      Some(serde_json::Value::String(s)) => s.clone(),
      _ if kind == HasKind::Host => String::new(),
      other => {
        return Err(ConfigError::rule(
          at,
          format!("invalid key \"{}\"", js_str(other)),
        ));
      }
    };
    let value = match obj.get("value") {
      None | Some(serde_json::Value::Null) if kind == HasKind::Host => {
        return Err(ConfigError::rule(
          at,
          "value is required for \"host\" type",
        ));
      }
      None => None,
      Some(serde_json::Value::String(s)) if s.is_empty() => None,
      Some(serde_json::Value::String(s)) => {
        let re = fancy_regex::Regex::new(&format!("^{s}$")).map_err(|e| {
          ConfigError::rule(at, format!("invalid value regex \"{s}\": {e}"))
        })?;
        Some(re)
      }
      Some(other) => {
        return Err(ConfigError::rule(
          at,
          format!("invalid value \"{}\"", js_str(Some(other))),
        ));
      }
    };
    Ok(HasItem { kind, key, value })
  }

  /// The param names this item can provide to a destination.
  pub(crate) fn provided_names(&self) -> Vec<String> {
    match &self.value {
      None if !self.key.is_empty() => vec![self.key.clone()],
      None => vec![],
      Some(re) => {
        let mut v: Vec<String> =
          re.capture_names().flatten().map(String::from).collect();
        if self.kind == HasKind::Host {
          v.push("host".into());
        }
        v
      }
    }
  }
}

fn js_str(v: Option<&serde_json::Value>) -> String {
  match v {
    None => "undefined".into(),
    Some(serde_json::Value::String(s)) => s.clone(),
    Some(other) => other.to_string(),
  }
}

/// Headers that Node keeps only once (the first) when repeated.
const SINGLE: &[&str] = &[
  "age",
  "authorization",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent",
];

/// A header as Node's `req.headers[name]` reads it: repeats joined with `, ` (`; ` for cookie).
pub(crate) fn header_value(headers: &HeaderMap, name: &str) -> Option<String> {
  let mut vals = headers.get_all(name).iter().map(|v| match v.to_str() {
    Ok(s) => s.to_string(),
    Err(_) => v.as_bytes().iter().map(|&b| b as char).collect(),
  });
  if SINGLE.contains(&name) {
    return vals.next();
  }
  let all: Vec<String> = vals.collect();
  if all.is_empty() {
    return None;
  }
  Some(all.join(if name == "cookie" { "; " } else { ", " }))
}

/// Parses a cookie header as the `cookie` package does: first occurrence wins, quotes dropped,
/// values with `%` percent-decoded when that succeeds.
pub fn cookie_value(headers: &HeaderMap, key: &str) -> Option<String> {
  let header = header_value(headers, "cookie")?;
  for part in header.split(';') {
    let Some(eq) = part.find('=') else { continue };
    if part[..eq].trim() != key {
      continue;
    }
    let mut v = part[eq + 1..].trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
      v = &v[1..v.len() - 1];
    }
    if v.contains('%')
      && let Ok(d) = percent_encoding::percent_decode_str(v).decode_utf8()
    {
      return Some(d.into_owned());
    }
    return Some(v.to_string());
  }
  None
}

fn safe_param_name(key: &str) -> String {
  key.chars().filter(|c| c.is_ascii_alphabetic()).collect()
}

/// Next's `matchHas`: `Some(params)` when every `has` item matches and no `missing` item does.
pub(crate) fn match_has(
  headers: &HeaderMap,
  query: &JsMap<Val>,
  has: &[HasItem],
  missing: &[HasItem],
) -> Option<JsMap<Val>> {
  let mut params = JsMap::new();
  let check = |item: &HasItem, params: &mut JsMap<Val>| -> bool {
    let (key, value): (String, Option<Val>) = match item.kind {
      HasKind::Header => {
        let k = item.key.to_ascii_lowercase();
        let v = header_value(headers, &k).map(Val::One);
        (k, v)
      }
      HasKind::Cookie => (
        item.key.clone(),
        cookie_value(headers, &item.key).map(Val::One),
      ),
      HasKind::Query => (item.key.clone(), query.get(&item.key).cloned()),
      HasKind::Host => {
        let v = header_value(headers, "host")
          .map(|h| h.split(':').next().unwrap_or("").to_lowercase());
        (item.key.clone(), v.map(Val::One))
      }
    };
    let Some(value) = value.filter(Val::truthy) else {
      return false;
    };
    let Some(re) = &item.value else {
      params.insert(safe_param_name(&key), value);
      return true;
    };
    let subject = value.last().unwrap_or("");
    let Ok(Some(caps)) = re.captures(subject) else {
      return false;
    };
    let mut named = false;
    for name in re.capture_names().flatten() {
      named = true;
      if let Some(m) = caps.name(name) {
        params.insert(name.to_string(), Val::One(m.as_str().to_string()));
      }
    }
    if !named
      && item.kind == HasKind::Host
      && let Some(m) = caps.get(0).filter(|m| !m.as_str().is_empty())
    {
      params.insert("host".into(), Val::One(m.as_str().to_string()));
    }
    true
  };
  for item in has {
    if !check(item, &mut params) {
      return None;
    }
  }
  let mut scratch = JsMap::new();
  if missing.iter().any(|item| check(item, &mut scratch)) {
    return None;
  }
  Some(params)
}
