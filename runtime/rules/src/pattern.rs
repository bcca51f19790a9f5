//! Route patterns in the dialect of path-to-regexp 6.3 (the copy Next bundles):
//! `:name`, `:name(re)`, `(re)`, `{prefix:name suffix}` groups, the modifiers `?`, `*`, `+`,
//! `\` escapes; turned into a regex source, matched into params, or filled from params.

use crate::query::{JsMap, Val};

/// One parsed piece of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
  /// Literal text.
  Text(String),
  /// A parameter, a group, or both.
  Key(Key),
}

/// Name of a key: a named parameter or the index of an unnamed group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyName {
  /// `:name`.
  Named(String),
  /// `(re)` without a name, numbered from 0.
  Index(usize),
  /// A `{...}` group with neither a name nor a pattern.
  None,
}

impl KeyName {
  /// The name as it appears in a params object (indexes as decimal strings).
  pub(crate) fn as_param(&self) -> Option<String> {
    match self {
      KeyName::Named(n) => Some(n.clone()),
      KeyName::Index(i) => Some(i.to_string()),
      KeyName::None => None,
    }
  }
}

/// A parameter or group token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
  pub(crate) name: KeyName,
  pub(crate) prefix: String,
  pub(crate) suffix: String,
  pub(crate) pattern: String,
  pub(crate) modifier: String,
}

impl Key {
  pub(crate) fn repeats(&self) -> bool {
    self.modifier == "*" || self.modifier == "+"
  }
  fn optional(&self) -> bool {
    self.modifier == "*" || self.modifier == "?"
  }
}

/// Options shared by parsing and building (case sensitivity is applied by [`js_regex`]).
#[derive(Debug, Clone)]
pub(crate) struct Options {
  pub(crate) delimiter: String,
  pub(crate) prefixes: String,
  pub(crate) strict: bool,
}

impl Options {
  /// path-to-regexp's own defaults: delimiter `/#?`, prefixes `./`, not strict, case-insensitive.
  pub(crate) fn defaults() -> Options {
    Options {
      delimiter: "/#?".into(),
      prefixes: "./".into(),
      strict: false,
    }
  }
  /// What Next's `getPathMatch` passes for custom routes: delimiter `/`, strict.
  pub(crate) fn route() -> Options {
    Options {
      delimiter: "/".into(),
      prefixes: "./".into(),
      strict: true,
    }
  }
}

#[derive(Debug, PartialEq)]
enum Lex {
  Modifier(char),
  Escaped(char),
  Open,
  Close,
  Name(String),
  Pattern(String),
  Char(char),
  End,
}

fn lex(src: &str) -> Result<Vec<(Lex, usize)>, String> {
  let chars: Vec<char> = src.chars().collect();
  let mut out = Vec::new();
  let mut i = 0;
  while i < chars.len() {
    let c = chars[i];
    match c {
      '*' | '+' | '?' => {
        out.push((Lex::Modifier(c), i));
        i += 1;
      }
      '\\' => {
        let Some(&next) = chars.get(i + 1) else {
          return Err(format!("Unexpected end after escape at {i}"));
        };
        out.push((Lex::Escaped(next), i));
        i += 2;
      }
      '{' => {
        out.push((Lex::Open, i));
        i += 1;
      }
      '}' => {
        out.push((Lex::Close, i));
        i += 1;
      }
      ':' => {
        let mut j = i + 1;
        let mut name = String::new();
        while j < chars.len()
          && (chars[j].is_ascii_alphanumeric() || chars[j] == '_')
        {
          name.push(chars[j]);
          j += 1;
        }
        if name.is_empty() {
          return Err(format!("Missing parameter name at {i}"));
        }
        out.push((Lex::Name(name), i));
        i = j;
      }
      '(' => {
        let mut depth = 1;
        let mut pat = String::new();
        let mut j = i + 1;
        if chars.get(j) == Some(&'?') {
          return Err(format!("Pattern cannot start with \"?\" at {j}"));
        }
        while j < chars.len() {
          if chars[j] == '\\' {
            pat.push('\\');
            if let Some(&n) = chars.get(j + 1) {
              pat.push(n);
            }
            j += 2;
            continue;
          }
          if chars[j] == ')' {
            depth -= 1;
            if depth == 0 {
              j += 1;
              break;
            }
          } else if chars[j] == '(' {
            depth += 1;
            if chars.get(j + 1) != Some(&'?') {
              return Err(format!("Capturing groups are not allowed at {j}"));
            }
          }
          pat.push(chars[j]);
          j += 1;
        }
        if depth != 0 {
          return Err(format!("Unbalanced pattern at {i}"));
        }
        if pat.is_empty() {
          return Err(format!("Missing pattern at {i}"));
        }
        out.push((Lex::Pattern(pat), i));
        i = j;
      }
      _ => {
        out.push((Lex::Char(c), i));
        i += 1;
      }
    }
  }
  out.push((Lex::End, chars.len()));
  Ok(out)
}

/// Escapes regex metacharacters as path-to-regexp does.
pub(crate) fn escape_string(s: &str) -> String {
  let mut out = String::with_capacity(s.len());
  for c in s.chars() {
    if ".+*?=^!:${}()[]|/\\".contains(c) {
      out.push('\\');
    }
    out.push(c);
  }
  out
}

/// Parses a pattern into tokens.
pub(crate) fn parse(src: &str, opts: &Options) -> Result<Vec<Token>, String> {
  let toks = lex(src)?;
  let mut pos = 0;
  let mut key_index = 0usize;
  let mut path = String::new();
  let mut result: Vec<Token> = Vec::new();

  let safe_pattern =
    |result: &Vec<Token>, prefix: &str| -> Result<String, String> {
      let last = result.last();
      let prev: String = if !prefix.is_empty() {
        prefix.to_string()
      } else if let Some(Token::Text(t)) = last {
        t.clone()
      } else {
        String::new()
      };
      if let Some(Token::Key(k)) = last
        && prev.is_empty()
      {
        let n = k.name.as_param().unwrap_or_default();
        return Err(format!(
          "Must have text between two parameters, missing text after \"{n}\""
        ));
      }
      let delim = escape_string(&opts.delimiter);
      if prev.is_empty() || opts.delimiter.chars().any(|d| prev.contains(d)) {
        Ok(format!("[^{delim}]+?"))
      } else {
        Ok(format!("(?:(?!{})[^{delim}])+?", escape_string(&prev)))
      }
    };

  macro_rules! try_consume {
    ($pat:pat => $v:expr) => {{
      match toks.get(pos) {
        Some(($pat, _)) => {
          pos += 1;
          Some($v)
        }
        _ => None,
      }
    }};
  }

  fn consume_text(toks: &[(Lex, usize)], pos: &mut usize) -> String {
    let mut s = String::new();
    loop {
      match toks.get(*pos) {
        Some((Lex::Char(c), _)) | Some((Lex::Escaped(c), _)) => {
          s.push(*c);
          *pos += 1;
        }
        _ => return s,
      }
    }
  }

  while pos < toks.len() {
    let ch = try_consume!(Lex::Char(c) => *c);
    let name = try_consume!(Lex::Name(n) => n.clone());
    let pattern = try_consume!(Lex::Pattern(p) => p.clone());
    if name.is_some() || pattern.is_some() {
      let mut prefix = ch.map(String::from).unwrap_or_default();
      if !opts.prefixes.contains(prefix.as_str()) {
        path.push_str(&prefix);
        prefix.clear();
      }
      if !path.is_empty() {
        result.push(Token::Text(std::mem::take(&mut path)));
      }
      let pattern = match pattern {
        Some(p) => p,
        None => safe_pattern(&result, &prefix)?,
      };
      let kname = match name {
        Some(n) => KeyName::Named(n),
        None => {
          key_index += 1;
          KeyName::Index(key_index - 1)
        }
      };
      let modifier =
        try_consume!(Lex::Modifier(m) => m.to_string()).unwrap_or_default();
      result.push(Token::Key(Key {
        name: kname,
        prefix,
        suffix: String::new(),
        pattern,
        modifier,
      }));
      continue;
    }
    let text = ch.or_else(|| try_consume!(Lex::Escaped(c) => *c));
    if let Some(c) = text {
      path.push(c);
      continue;
    }
    if !path.is_empty() {
      result.push(Token::Text(std::mem::take(&mut path)));
    }
    if try_consume!(Lex::Open => ()).is_some() {
      let prefix = consume_text(&toks, &mut pos);
      let name = try_consume!(Lex::Name(n) => n.clone()).unwrap_or_default();
      let pat = try_consume!(Lex::Pattern(p) => p.clone()).unwrap_or_default();
      let suffix = consume_text(&toks, &mut pos);
      match toks.get(pos) {
        Some((Lex::Close, _)) => pos += 1,
        Some((t, i)) => {
          return Err(format!(
            "Unexpected {} at {i}, expected CLOSE",
            lex_name(t)
          ));
        }
        None => return Err("Unexpected end, expected CLOSE".into()),
      }
      let kname = if !name.is_empty() {
        KeyName::Named(name.clone())
      } else if !pat.is_empty() {
        key_index += 1;
        KeyName::Index(key_index - 1)
      } else {
        KeyName::None
      };
      let pattern = if !name.is_empty() && pat.is_empty() {
        safe_pattern(&result, &prefix)?
      } else {
        pat
      };
      let modifier =
        try_consume!(Lex::Modifier(m) => m.to_string()).unwrap_or_default();
      result.push(Token::Key(Key {
        name: kname,
        prefix,
        suffix,
        pattern,
        modifier,
      }));
      continue;
    }
    match toks.get(pos) {
      Some((Lex::End, _)) => pos += 1,
      Some((t, i)) => {
        return Err(format!("Unexpected {} at {i}, expected END", lex_name(t)));
      }
      None => break,
    }
  }
  Ok(result)
}

fn lex_name(t: &Lex) -> &'static str {
  match t {
    Lex::Modifier(_) => "MODIFIER",
    Lex::Escaped(_) => "ESCAPED_CHAR",
    Lex::Open => "OPEN",
    Lex::Close => "CLOSE",
    Lex::Name(_) => "NAME",
    Lex::Pattern(_) => "PATTERN",
    Lex::Char(_) => "CHAR",
    Lex::End => "END",
  }
}

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
