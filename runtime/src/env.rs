//! `process.env` for route code, built as `next start` builds it: the
//! project's `.env` files in Next.js's precedence order, the real
//! environment winning over every file, `NODE_ENV` defaulting to
//! `production`. (`NEXT_RUNTIME` is each route's runtime, set in its isolates.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The variables route code sees, and the files they came from.
#[derive(Debug, Clone, Default)]
pub struct AppEnv {
  /// Name → value.
  pub vars: HashMap<String, String>,
  /// `.env*` files that were read, highest precedence first.
  pub files: Vec<PathBuf>,
}

/// The `.env*` files read for `mode`, highest precedence first (Next.js:
/// `.env.$mode.local`, `.env.local` except in test, `.env.$mode`, `.env`).
pub fn env_files(mode: &str) -> Vec<String> {
  let mut files = vec![format!(".env.{mode}.local")];
  if mode != "test" {
    files.push(".env.local".to_owned());
  }
  files.push(format!(".env.{mode}"));
  files.push(".env".to_owned());
  files
}

impl AppEnv {
  /// Reads the `.env*` files in `root` under the environment `real` (the
  /// process's own variables, or what an embedder passes instead).
  pub fn load(
    root: &Path,
    real: HashMap<String, String>,
  ) -> Result<AppEnv, Error> {
    let mode = match real.get("NODE_ENV").map(String::as_str) {
      Some("development") => "development",
      Some("test") => "test",
      _ => "production",
    };
    let mut vars = real;
    vars
      .entry("NODE_ENV".to_owned())
      .or_insert_with(|| "production".to_owned());
    let mut files = Vec::new();
    for name in env_files(mode) {
      let path = root.join(&name);
      let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
        Err(source) => {
          return Err(Error::EnvFile { file: path, source });
        }
      };
      for (key, value) in parse(&text) {
        // Earlier files and the real environment win.
        if !vars.contains_key(&key) {
          let value = match value {
            Value::Literal(v) => v,
            Value::Expand(v) => expand(&v, &vars),
          };
          vars.insert(key, value);
        }
      }
      files.push(path);
    }
    Ok(AppEnv { vars, files })
  }
}

/// A value as written: single-quoted values are taken literally.
#[derive(Debug, PartialEq)]
enum Value {
  Literal(String),
  Expand(String),
}

/// dotenv syntax: `KEY=value`, `export KEY=value`, `#` comments, quoted
/// values (double quotes may span lines and know `\n`), inline comments
/// after unquoted values.
fn parse(text: &str) -> Vec<(String, Value)> {
  let mut out = Vec::new();
  let mut rest = text;
  while !rest.is_empty() {
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    rest = after;
    let line = line.trim_start();
    if line.is_empty() || line.starts_with('#') {
      continue;
    }
    let line = line.strip_prefix("export ").unwrap_or(line);
    let Some((key, value)) = line.split_once('=') else {
      continue;
    };
    let key = key.trim();
    if key.is_empty()
      || !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
      continue;
    }
    let value = value.trim_start();
    let quote = value
      .chars()
      .next()
      .filter(|c| matches!(c, '"' | '\'' | '`'));
    let parsed = match quote {
      Some(q) => {
        // The closing quote may be on a later line.
        let body = &value[1..];
        let (inner, consumed_rest) = match body.find(q) {
          Some(end) => (body[..end].to_owned(), None),
          None => {
            let joined = format!("{body}\n{rest}");
            match joined.find(q) {
              Some(end) => {
                let remaining = joined[end + 1..]
                  .split_once('\n')
                  .map_or("", |(_, r)| r)
                  .to_owned();
                (joined[..end].to_owned(), Some(remaining))
              }
              None => (body.trim_end().to_owned(), None),
            }
          }
        };
        if let Some(remaining) = consumed_rest {
          // Leak-free re-slicing: find `remaining` as a suffix of `rest`.
          let at = rest.len().saturating_sub(remaining.len());
          rest = &rest[at..];
        }
        match q {
          '"' => Value::Expand(inner.replace("\\n", "\n").replace("\\r", "\r")),
          '\'' => Value::Literal(inner),
          _ => Value::Expand(inner),
        }
      }
      None => {
        let value = match value.find(" #") {
          Some(at) => &value[..at],
          None => value,
        };
        Value::Expand(value.trim_end().to_owned())
      }
    };
    out.push((key.to_owned(), parsed));
  }
  out
}

/// `$NAME`, `${NAME}` and `${NAME:-default}` from the variables known so
/// far (dotenv-expand, as Next.js applies it); `\$` is a literal `$`.
fn expand(value: &str, vars: &HashMap<String, String>) -> String {
  let mut out = String::with_capacity(value.len());
  let mut chars = value.char_indices().peekable();
  while let Some((i, c)) = chars.next() {
    match c {
      '\\' if value[i + 1..].starts_with('$') => {
        out.push('$');
        chars.next();
      }
      '$' if value[i + 1..].starts_with('{') => {
        let Some(end) = value[i + 2..].find('}') else {
          out.push_str(&value[i..]);
          break;
        };
        let inner = &value[i + 2..i + 2 + end];
        let (name, default) = match inner.split_once(":-") {
          Some((name, default)) => (name, Some(default)),
          None => (inner, None),
        };
        match (vars.get(name), default) {
          (Some(v), _) if !v.is_empty() || default.is_none() => out.push_str(v),
          (_, Some(d)) => out.push_str(d),
          _ => {}
        }
        while chars.peek().is_some_and(|(j, _)| *j <= i + 2 + end) {
          chars.next();
        }
      }
      '$' => {
        let name: String = value[i + 1..]
          .chars()
          .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
          .collect();
        if name.is_empty() {
          out.push('$');
          continue;
        }
        out.push_str(vars.get(&name).map(String::as_str).unwrap_or(""));
        for _ in 0..name.len() {
          chars.next();
        }
      }
      _ => out.push(c),
    }
  }
  out
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn dotenv_lines_parse() {
    let text = "# c\nA=1\nexport B = two words # note\nC='lit $A'\nD=\"x\\ny\"\nE=\"multi\nline\"\nF=${A}-$B-${Z:-dflt}\nG=\\$A\n";
    let parsed = parse(text);
    let get = |k: &str| {
      parsed
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v)
        .expect(k)
    };
    assert_eq!(get("A"), &Value::Expand("1".into()));
    assert_eq!(get("B"), &Value::Expand("two words".into()));
    assert_eq!(get("C"), &Value::Literal("lit $A".into()));
    assert_eq!(get("D"), &Value::Expand("x\ny".into()));
    assert_eq!(get("E"), &Value::Expand("multi\nline".into()));
    let vars = HashMap::from([
      ("A".to_owned(), "1".to_owned()),
      ("B".to_owned(), "b".to_owned()),
    ]);
    let Value::Expand(f) = get("F") else {
      panic!("F expands")
    };
    assert_eq!(expand(f, &vars), "1-b-dflt");
    let Value::Expand(g) = get("G") else {
      panic!("G expands")
    };
    assert_eq!(expand(g, &vars), "$A");
  }

  #[test]
  fn files_follow_next_precedence() {
    assert_eq!(
      env_files("production"),
      [
        ".env.production.local",
        ".env.local",
        ".env.production",
        ".env"
      ]
    );
    assert_eq!(env_files("test"), [".env.test.local", ".env.test", ".env"]);
  }
}
