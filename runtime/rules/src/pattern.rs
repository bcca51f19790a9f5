//! Route patterns in the dialect of path-to-regexp 6.3 (the copy Next bundles):
//! `:name`, `:name(re)`, `(re)`, `{prefix:name suffix}` groups, the modifiers `?`, `*`, `+`,
//! `\` escapes; turned into a regex source, matched into params, or filled from params.

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

mod compile;

pub(crate) use compile::{fill, js_regex, match_params, to_regex_source};
