//! A proxy.ts / middleware.ts `config.matcher`, compiled as Next's `getMiddlewareMatchers` does
//! and matched as its middleware route matcher does.

use crate::RequestParts;
use crate::error::ConfigError;
use crate::has::{HasItem, match_has};
use crate::pattern::{self, Options};
use crate::query::parse_query;
use serde_json::Value;

#[derive(Debug, Clone)]
struct One {
  original: String,
  regex: fancy_regex::Regex,
  has: Vec<HasItem>,
  missing: Vec<HasItem>,
}

/// The compiled matcher; absent means every path.
#[derive(Debug, Clone)]
pub struct ProxyMatcher {
  matchers: Vec<One>,
}

const NEXT_DATA_PREFIX: &str = "/:nextData(_next/data/[^/]{1,})?";
const TRANSPORT: &str = r"\.rsc|\.segments/.+\.segment\.rsc";

/// The regex source Next builds for one matcher source.
pub(crate) fn matcher_regex_source(
  source: &str,
  base_path: &str,
  at: &str,
) -> Result<String, ConfigError> {
  if !source.starts_with('/') {
    return Err(ConfigError::rule(at, "source must start with /"));
  }
  let suffix = if source == "/" {
    format!(r"(/?index|/?index\.json|/?index(?:{TRANSPORT}))?")
  } else {
    format!(r"{{(\.json|{TRANSPORT})}}?")
  };
  let body = if source == "/" { "/" } else { source };
  let full = format!("{base_path}{NEXT_DATA_PREFIX}{body}{suffix}");
  if full.chars().count() > 4096 {
    return Err(ConfigError::rule(
      at,
      "exceeds max built length of 4096 for route",
    ));
  }
  let opts = Options::defaults();
  let tokens = pattern::parse(&full, &opts).map_err(|e| {
    ConfigError::rule(at, format!("Invalid source '{full}': {e}"))
  })?;
  let built = pattern::to_regex_source(&tokens, &opts).or_else(|_| {
    pattern::to_regex_source(&crate::safe::normalize_repeating(&tokens), &opts)
  });
  built
    .map(|(s, _)| s)
    .map_err(|e| ConfigError::rule(at, format!("Invalid source '{full}': {e}")))
}

fn has_items(
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
    Some(_) => Err(ConfigError::rule(at, format!("{field} must be an array"))),
  }
}

fn decode_uri_component(s: &str) -> Option<String> {
  let b = s.as_bytes();
  let mut i = 0;
  while i < b.len() {
    if b[i] == b'%' {
      if i + 2 >= b.len()
        || !b[i + 1].is_ascii_hexdigit()
        || !b[i + 2].is_ascii_hexdigit()
      {
        return None;
      }
      i += 3;
    } else {
      i += 1;
    }
  }
  percent_encoding::percent_decode_str(s)
    .decode_utf8()
    .ok()
    .map(|c| c.into_owned())
}

impl ProxyMatcher {
  /// Compiles `config.matcher` (a string, an array of strings and `{ source, has, missing,
  /// locale }` objects); `None` matches every path.
  pub fn new(
    matcher: Option<&Value>,
    base_path: &str,
  ) -> Result<ProxyMatcher, ConfigError> {
    let Some(m) = matcher.filter(|m| !m.is_null()) else {
      let regex = fancy_regex::Regex::new(".*")
        .map_err(|e| ConfigError::rule("matcher", e.to_string()))?;
      return Ok(ProxyMatcher {
        matchers: vec![One {
          original: "/:path*".into(),
          regex,
          has: vec![],
          missing: vec![],
        }],
      });
    };
    let list: Vec<&Value> = match m {
      Value::Array(a) => a.iter().collect(),
      Value::String(_) => vec![m],
      _ => {
        return Err(ConfigError::rule(
          "matcher",
          "must be a string or an array of strings or middleware matchers",
        ));
      }
    };
    let mut matchers = Vec::new();
    for (i, item) in list.iter().enumerate() {
      let at = format!("matcher[{i}]");
      let (source, has, missing) = match item {
        Value::String(s) => (s.clone(), vec![], vec![]),
        Value::Object(o) => {
          if let Some(k) = o.keys().find(|k| {
            !["source", "has", "missing", "locale"].contains(&k.as_str())
          }) {
            return Err(ConfigError::rule(
              &at,
              format!("Unrecognized key(s) in object: '{k}'"),
            ));
          }
          if !matches!(
            o.get("locale"),
            None | Some(Value::Null) | Some(Value::Bool(false))
          ) {
            return Err(ConfigError::rule(
              &at,
              "locale must be false or undefined",
            ));
          }
          let Some(Value::String(s)) = o.get("source") else {
            return Err(ConfigError::rule(&at, "source is required"));
          };
          (
            s.clone(),
            has_items(o.get("has"), &at, "has")?,
            has_items(o.get("missing"), &at, "missing")?,
          )
        }
        _ => {
          return Err(ConfigError::rule(
            &at,
            "must be an array of strings or middleware matchers",
          ));
        }
      };
      let src = matcher_regex_source(&source, base_path, &at)?;
      let regex = fancy_regex::Regex::new(&src).map_err(|e| {
        ConfigError::rule(&at, format!("Invalid source '{source}': {e}"))
      })?;
      matchers.push(One {
        original: source,
        regex,
        has,
        missing,
      });
    }
    Ok(ProxyMatcher { matchers })
  }

  /// Whether the proxy runs for this request: the path as received or percent-decoded matches
  /// one matcher's regex, and its `has`/`missing` hold.
  pub fn matches(&self, req: &RequestParts<'_>) -> bool {
    let path = crate::url_path(req.path);
    let query = req.query.map(parse_query).unwrap_or_default();
    let decoded = decode_uri_component(&path);
    let try_one = |p: &str| {
      self.matchers.iter().any(|m| {
        m.regex.is_match(p).unwrap_or(false)
          && ((m.has.is_empty() && m.missing.is_empty())
            || match_has(req.headers, &query, &m.has, &m.missing).is_some())
      })
    };
    // The decoded path is a second chance only when it differs.
    try_one(&path) || decoded.is_some_and(|d| d != path && try_one(&d))
  }

  /// The matcher's sources, for the startup line.
  pub fn describe(&self) -> String {
    self
      .matchers
      .iter()
      .map(|m| m.original.as_str())
      .collect::<Vec<_>>()
      .join(", ")
  }
}
