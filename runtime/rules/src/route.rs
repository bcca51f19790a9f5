//! One header, redirect or rewrite rule: checked as load-custom-routes checks it, prefixed with
//! the basePath as its `processRoutes` does, and compiled as the router's `buildCustomRoute`.

use crate::error::ConfigError;
use crate::has::HasItem;
use crate::pattern::{self, Key, KeyName, Options, Token};
use crate::query::{JsMap, Val};
use serde_json::Value;

/// Which list a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
  Header,
  Redirect,
  /// beforeFiles: no basePath-aware restrictions, no check.
  BeforeFiles,
  /// afterFiles and fallback: each followed by the filesystem check.
  Rewrite,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub(crate) struct Route {
  regex: fancy_regex::Regex,
  keys: Vec<Key>,
  pub(crate) has: Vec<HasItem>,
  pub(crate) missing: Vec<HasItem>,
  pub(crate) destination: Option<String>,
  pub(crate) headers: Vec<(String, String)>,
  pub(crate) status: u16,
}

impl Route {
  /// The source of its path regex (as the `regex` crate reads it too,
  /// when it has no lookaround).
  pub(crate) fn source(&self) -> &str {
    self.regex.as_str()
  }
}

const REDIRECT_CODES: &[u64] = &[301, 302, 303, 307, 308];

fn has_list(
  v: Option<&Value>,
  at: &str,
  field: &str,
) -> Result<Vec<HasItem>, ConfigError> {
  match v {
    None | Some(Value::Null) => Ok(Vec::new()),
    Some(Value::Array(a)) => a
      .iter()
      .enumerate()
      .map(|(i, h)| HasItem::from_json(h, &format!("{at}.{field}[{i}]")))
      .collect(),
    Some(_) => Err(ConfigError::rule(
      at,
      format!("`{field}` must be undefined or valid has object"),
    )),
  }
}

/// The parts of a user rule after checking, before compiling.
pub(crate) struct Raw {
  pub(crate) source: String,
  pub(crate) destination: Option<String>,
  pub(crate) base_path_false: bool,
  pub(crate) value: Value,
}

/// Checks one user rule (`at` e.g. `redirects[2]`).
pub(crate) fn check(
  v: &Value,
  kind: Kind,
  at: &str,
) -> Result<Raw, ConfigError> {
  let obj = v
    .as_object()
    .ok_or_else(|| ConfigError::rule(at, "is not a valid object"))?;
  let mut allowed = vec!["source", "locale", "has", "missing"];
  match kind {
    Kind::Header => allowed.extend(["basePath", "headers"]),
    Kind::Redirect => {
      allowed.extend(["basePath", "statusCode", "permanent", "destination"])
    }
    Kind::BeforeFiles | Kind::Rewrite => {
      allowed.extend(["basePath", "destination"])
    }
  }
  let invalid: Vec<&str> = obj
    .keys()
    .map(String::as_str)
    .filter(|k| !allowed.contains(k))
    .collect();
  if !invalid.is_empty() {
    let s = if invalid.len() == 1 { "" } else { "s" };
    return Err(ConfigError::rule(
      at,
      format!("invalid field{s}: {}", invalid.join(",")),
    ));
  }
  let base_path_false = match obj.get("basePath") {
    None | Some(Value::Null) => false,
    Some(Value::Bool(false)) => true,
    Some(_) => {
      return Err(ConfigError::rule(
        at,
        "`basePath` must be undefined or false",
      ));
    }
  };
  match obj.get("locale") {
    None | Some(Value::Null) | Some(Value::Bool(false)) => {}
    Some(_) => {
      return Err(ConfigError::rule(at, "`locale` must be undefined or false"));
    }
  }
  let source = match obj.get("source") {
    None | Some(Value::Null) => {
      return Err(ConfigError::rule(at, "`source` is missing"));
    }
    Some(Value::String(s)) if s.is_empty() => {
      return Err(ConfigError::rule(at, "`source` is missing"));
    }
    Some(Value::String(s)) if !s.starts_with('/') => {
      return Err(ConfigError::rule(at, "`source` does not start with /"));
    }
    Some(Value::String(s)) => s.clone(),
    Some(_) => return Err(ConfigError::rule(at, "`source` is not a string")),
  };
  let mut destination = None;
  if kind == Kind::Header {
    match obj.get("headers") {
      Some(Value::Array(a)) if a.is_empty() => {
        return Err(ConfigError::rule(at, "`headers` field cannot be empty"));
      }
      Some(Value::Array(a)) => {
        for h in a {
          if !h.is_object() {
            return Err(ConfigError::rule(
              at,
              "`headers` items must be object with { key: '', value: '' }",
            ));
          }
          if !h.get("key").is_some_and(Value::is_string) {
            return Err(ConfigError::rule(
              at,
              "`key` in header item must be string",
            ));
          }
          if !h.get("value").is_some_and(Value::is_string) {
            return Err(ConfigError::rule(
              at,
              "`value` in header item must be string",
            ));
          }
        }
      }
      _ => {
        return Err(ConfigError::rule(at, "`headers` field must be an array"));
      }
    }
  } else {
    let d = match obj.get("destination") {
      None | Some(Value::Null) => {
        return Err(ConfigError::rule(at, "`destination` is missing"));
      }
      Some(Value::String(s)) if s.is_empty() => {
        return Err(ConfigError::rule(at, "`destination` is missing"));
      }
      Some(Value::String(s)) => s.clone(),
      Some(_) => {
        return Err(ConfigError::rule(at, "`destination` is not a string"));
      }
    };
    let rewrite = matches!(kind, Kind::BeforeFiles | Kind::Rewrite);
    if rewrite
      && !(d.starts_with('/')
        || d.starts_with("https://")
        || d.starts_with("http://"))
    {
      return Err(ConfigError::rule(
        at,
        "`destination` does not start with `/`, `http://`, or `https://`",
      ));
    }
    if rewrite
      && base_path_false
      && !(d.starts_with("http://") || d.starts_with("https://"))
    {
      return Err(ConfigError::rule(
        at,
        format!(
          "The route {source} rewrites urls outside of the basePath. Please use a destination that starts with `http://` or `https://`"
        ),
      ));
    }
    destination = Some(d);
  }
  if kind == Kind::Redirect {
    let status = obj
      .get("statusCode")
      .filter(|s| !s.is_null() && s.as_u64() != Some(0));
    if let Some(s) = status
      && !s.as_u64().is_some_and(|n| REDIRECT_CODES.contains(&n))
    {
      return Err(ConfigError::rule(
        at,
        "`statusCode` is not undefined or valid statusCode",
      ));
    }
    if !obj.get("permanent").is_some_and(Value::is_boolean) && status.is_none()
    {
      return Err(ConfigError::rule(
        at,
        "`permanent` is not set to `true` or `false`",
      ));
    }
  }
  let tokens = pattern::parse(&source, &Options::defaults())
    .map_err(|_| ConfigError::rule(at, "`source` parse failed"))?;
  let normalized = crate::safe::normalize_repeating(&tokens);
  let (re_src, _) = pattern::to_regex_source(&normalized, &Options::defaults())
    .map_err(|_| ConfigError::rule(at, "`source` parse failed"))?;
  if re_src.len() > 4096 {
    return Err(ConfigError::rule(
      at,
      "`source` exceeds max built length of 4096",
    ));
  }
  let has = has_list(obj.get("has"), at, "has")?;
  has_list(obj.get("missing"), at, "missing")?;
  if let Some(d) = destination.as_deref().filter(|d| d.starts_with('/')) {
    check_destination(d, &tokens, &has, at)?;
  }
  Ok(Raw {
    source,
    destination,
    base_path_false,
    value: v.clone(),
  })
}

fn check_destination(
  dest: &str,
  source_tokens: &[Token],
  has: &[HasItem],
  at: &str,
) -> Result<(), ConfigError> {
  let mut unnamed = Vec::new();
  for t in source_tokens {
    if let Token::Key(Key {
      name: KeyName::Index(i),
      ..
    }) = t
    {
      let pat = format!(":{i}");
      let used = dest.match_indices(&pat).any(|(p, _)| {
        !dest[p + pat.len()..].starts_with(|c: char| c.is_ascii_digit())
      });
      if used {
        unnamed.push(pat);
      }
    }
  }
  if !unnamed.is_empty() {
    return Err(ConfigError::rule(
      at,
      format!("`destination` has unnamed params {}", unnamed.join(", ")),
    ));
  }
  let parsed = url::Url::parse(&format!("http://n{dest}"))
    .map_err(|_| ConfigError::rule(at, "`destination` parse failed"))?;
  let path = format!(
    "{}{}",
    parsed.path(),
    parsed
      .fragment()
      .map(|f| format!("#{f}"))
      .unwrap_or_default()
  );
  let dtokens = pattern::parse(&path, &Options::defaults())
    .map_err(|_| ConfigError::rule(at, "`destination` parse failed"))?;
  let mut provided: Vec<String> = source_tokens
    .iter()
    .filter_map(|t| match t {
      Token::Key(k) => k.name.as_param().filter(|n| !n.is_empty()),
      Token::Text(_) => None,
    })
    .collect();
  for h in has {
    provided.extend(h.provided_names());
  }
  let mut bad: Vec<String> = Vec::new();
  for t in &dtokens {
    if let Token::Key(k) = t {
      let n = k.name.as_param().unwrap_or_default();
      if !provided.contains(&n) && !bad.contains(&n) {
        bad.push(n);
      }
    }
  }
  if !bad.is_empty() {
    return Err(ConfigError::rule(
      at,
      format!(
        "`destination` has segments not in `source` or `has` ({})",
        bad.join(", ")
      ),
    ));
  }
  Ok(())
}

/// `processRoutes`: the basePath before source and internal destination, unless `basePath: false`.
pub(crate) fn prefix_base_path(raw: &mut Raw, base_path: &str) {
  let src_bp = if !base_path.is_empty() && !raw.base_path_false {
    base_path
  } else {
    ""
  };
  if !src_bp.is_empty() {
    raw.source = if raw.source == "/" {
      src_bp.to_string()
    } else {
      format!("{src_bp}{}", raw.source)
    };
  }
  if let Some(d) = &raw.destination {
    let external = !d.starts_with('/');
    if !src_bp.is_empty() && !external {
      raw.destination = Some(if d == "/" {
        src_bp.to_string()
      } else {
        format!("{src_bp}{d}")
      });
    }
  }
}

/// Compiles a rule. `internal` rules keep path-to-regexp's regex as is; the others accept an
/// optional trailing slash, and redirects never match under `<basePath>/_next`.
pub(crate) fn compile(
  raw: &Raw,
  kind: Kind,
  internal: bool,
  base_path: &str,
  sensitive: bool,
  at: &str,
) -> Result<Route, ConfigError> {
  let v = &raw.value;
  // beforeFiles rewrites are built without basePath and case sensitivity
  let sensitive = sensitive && kind != Kind::BeforeFiles;
  let opts = Options::route();
  let tokens = pattern::parse(&raw.source, &opts).map_err(|e| {
    ConfigError::rule(at, format!("`source` parse failed: {e}"))
  })?;
  let (mut src, keys) =
    pattern::to_regex_source(&tokens, &opts).map_err(|e| {
      ConfigError::rule(at, format!("`source` parse failed: {e}"))
    })?;
  if !internal {
    if kind == Kind::Redirect {
      let restricted = format!("{base_path}/_next").replace('/', "\\/");
      src = src.replacen('^', &format!("^(?!{restricted})"), 1);
    }
    if let Some(s) = src.strip_suffix('$') {
      src = format!("{s}(?:\\/)?$");
    }
  }
  let regex = pattern::js_regex(&src, sensitive).map_err(|e| {
    ConfigError::rule(at, format!("`source` regex failed: {e}"))
  })?;
  let has = has_list(v.get("has"), at, "has")?;
  let missing = has_list(v.get("missing"), at, "missing")?;
  let headers = v
    .get("headers")
    .and_then(Value::as_array)
    .map(|a| {
      a.iter()
        .map(|h| {
          let k = h
            .get("key")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
          let val = h
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
          (k, val)
        })
        .collect()
    })
    .unwrap_or_default();
  let status = match v
    .get("statusCode")
    .and_then(Value::as_u64)
    .filter(|&n| n != 0)
  {
    Some(n) => n as u16,
    None if v.get("permanent").and_then(Value::as_bool) == Some(true) => 308,
    None => 307,
  };
  Ok(Route {
    regex,
    keys,
    has,
    missing,
    destination: raw.destination.clone(),
    headers,
    status,
  })
}

impl Route {
  /// Matches the path, then `has`/`missing`; params with unnamed groups removed.
  pub(crate) fn matches(
    &self,
    path: &str,
    headers: &http::HeaderMap,
    query: &JsMap<Val>,
  ) -> Option<JsMap<Val>> {
    // `has` / `missing` first: both must hold, and a header or cookie
    // that is absent costs less to see than the path's captures.
    let extra = if !self.has.is_empty() || !self.missing.is_empty() {
      Some(crate::has::match_has(
        headers,
        query,
        &self.has,
        &self.missing,
      )?)
    } else {
      None
    };
    let mut params = pattern::match_params(&self.regex, &self.keys, path)?;
    let mut cleaned = JsMap::new();
    for (k, v) in params.iter() {
      let numeric = self
        .keys
        .iter()
        .any(|key| matches!(key.name, KeyName::Index(i) if i.to_string() == k));
      if !numeric {
        cleaned.insert(k.to_string(), v.clone());
      }
    }
    params = cleaned;
    if let Some(extra) = extra {
      params.assign(&extra);
    }
    Some(params)
  }
}
