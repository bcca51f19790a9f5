//! A parsed pattern turned into what matching needs: the regex source and
//! keys (path-to-regexp's `tokensToRegexp`), params read off a match
//! (`regexpToFunction`), and a destination filled from params (`compile`).

use super::{Key, Options, Token, escape_string};
use crate::query::{JsMap, Val};

/// Builds the regex source (as JS's `RegExp#source` would read, without flags) and the keys, in
/// capture order.
pub(crate) fn to_regex_source(
  tokens: &[Token],
  opts: &Options,
) -> Result<(String, Vec<Key>), String> {
  let mut keys = Vec::new();
  let delim = format!("[{}]", escape_string(&opts.delimiter));
  let mut route = String::from("^");
  for tok in tokens {
    match tok {
      Token::Text(t) => route.push_str(&escape_string(t)),
      Token::Key(k) => {
        let prefix = escape_string(&k.prefix);
        let suffix = escape_string(&k.suffix);
        if !k.pattern.is_empty() {
          keys.push(k.clone());
          if !prefix.is_empty() || !suffix.is_empty() {
            if k.repeats() {
              let m = if k.modifier == "*" { "?" } else { "" };
              let p = &k.pattern;
              route.push_str(&format!(
                "(?:{prefix}((?:{p})(?:{suffix}{prefix}(?:{p}))*){suffix}){m}"
              ));
            } else {
              route.push_str(&format!(
                "(?:{prefix}({}){suffix}){}",
                k.pattern, k.modifier
              ));
            }
          } else {
            if k.repeats() {
              let n = k.name.as_param().unwrap_or_default();
              return Err(format!(
                "Can not repeat \"{n}\" without a prefix and suffix"
              ));
            }
            route.push_str(&format!("({}){}", k.pattern, k.modifier));
          }
        } else {
          route.push_str(&format!("(?:{prefix}{suffix}){}", k.modifier));
        }
      }
    }
  }
  if !opts.strict {
    route.push_str(&delim);
    route.push('?');
  }
  route.push('$');
  Ok((route, keys))
}

/// Compiles a JS regex source with the given case sensitivity.
pub(crate) fn js_regex(
  source: &str,
  sensitive: bool,
) -> Result<fancy_regex::Regex, String> {
  let src = if sensitive {
    source.to_string()
  } else {
    format!("(?i){source}")
  };
  fancy_regex::Regex::new(&src).map_err(|e| e.to_string())
}

/// Matches `path` against a compiled regex, building params as path-to-regexp's
/// `regexpToFunction` does (repeating keys split on prefix+suffix into arrays).
pub(crate) fn match_params(
  re: &fancy_regex::Regex,
  keys: &[Key],
  path: &str,
) -> Option<JsMap<Val>> {
  let caps = re.captures(path).ok()??;
  let mut params = JsMap::new();
  for i in 1..caps.len() {
    let Some(m) = caps.get(i) else { continue };
    let Some(key) = keys.get(i - 1) else { continue };
    let Some(name) = key.name.as_param() else {
      continue;
    };
    let v = m.as_str();
    if key.repeats() {
      let sep = format!("{}{}", key.prefix, key.suffix);
      let parts: Vec<String> = if sep.is_empty() {
        v.chars().map(String::from).collect()
      } else {
        v.split(sep.as_str()).map(String::from).collect()
      };
      params.insert(name, Val::Many(parts));
    } else {
      params.insert(name, Val::One(v.to_string()));
    }
  }
  Some(params)
}

/// Fills a parsed pattern from params (path-to-regexp's `compile` with `validate: false`).
pub(crate) fn fill(
  tokens: &[Token],
  params: &JsMap<Val>,
  encode: &dyn Fn(&str) -> String,
) -> Result<String, String> {
  let mut out = String::new();
  for tok in tokens {
    let k = match tok {
      Token::Text(t) => {
        out.push_str(t);
        continue;
      }
      Token::Key(k) => k,
    };
    let name = k.name.as_param().unwrap_or_default();
    let value = k.name.as_param().and_then(|n| params.get(&n));
    match value {
      Some(Val::Many(list)) => {
        if !k.repeats() {
          return Err(format!(
            "Expected \"{name}\" to not repeat, but got an array"
          ));
        }
        if list.is_empty() {
          if k.optional() {
            continue;
          }
          return Err(format!("Expected \"{name}\" to not be empty"));
        }
        for v in list {
          out.push_str(&k.prefix);
          out.push_str(&encode(v));
          out.push_str(&k.suffix);
        }
      }
      Some(Val::One(v)) => {
        out.push_str(&k.prefix);
        out.push_str(&encode(v));
        out.push_str(&k.suffix);
      }
      None => {
        if k.optional() {
          continue;
        }
        let what = if k.repeats() { "an array" } else { "a string" };
        return Err(format!("Expected \"{name}\" to be {what}"));
      }
    }
  }
  Ok(out)
}
