//! `compilerOptions.paths` and `baseUrl` from the project's
//! `tsconfig.json` (or `jsconfig.json`), following `extends`, as Next.js
//! applies them to imports: `@/lib/db` → `<root>/lib/db.ts`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::ModuleError;

/// Aliases read from the project's config file.
#[derive(Debug, Clone, Default)]
pub struct PathAliases {
  /// `baseUrl`, absolute.
  base_url: Option<PathBuf>,
  /// Where `paths` targets are relative to: `baseUrl` if set, else the
  /// folder of the config that declared `paths`.
  paths_base: PathBuf,
  /// `paths` entries in file order.
  paths: Vec<(String, Vec<String>)>,
}

impl PathAliases {
  /// Reads `tsconfig.json`, else `jsconfig.json`, in `root`; no file gives
  /// no aliases.
  pub fn load(root: &Path) -> Result<PathAliases, ModuleError> {
    let config = ["tsconfig.json", "jsconfig.json"]
      .iter()
      .map(|name| root.join(name))
      .find(|path| path.is_file());
    let Some(config) = config else {
      return Ok(PathAliases::default());
    };
    let mut merged = Merged::default();
    read_config(&config, &mut merged, 0)?;
    let base_url = merged.base_url;
    let paths_base = base_url
      .clone()
      .or(merged.paths_dir)
      .unwrap_or_else(|| root.to_path_buf());
    Ok(PathAliases {
      base_url,
      paths_base,
      paths: merged.paths,
    })
  }

  /// Candidate base paths for `specifier` (without extension resolution),
  /// best first: matching `paths` targets, then `baseUrl/specifier`.
  pub fn candidates(&self, specifier: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some((targets, star)) = self.best_match(specifier) {
      for target in targets {
        out.push(self.paths_base.join(target.replace('*', star)));
      }
    }
    if let Some(base) = &self.base_url {
      out.push(base.join(specifier));
    }
    out
  }

  /// TypeScript's rule: an exact key wins, else the pattern with the
  /// longest prefix before `*`.
  fn best_match<'a>(
    &'a self,
    specifier: &'a str,
  ) -> Option<(&'a [String], &'a str)> {
    let mut best: Option<(usize, &[String], &str)> = None;
    for (pattern, targets) in &self.paths {
      match pattern.split_once('*') {
        None if pattern == specifier => return Some((targets, "")),
        Some((prefix, suffix))
          if specifier.len() >= prefix.len() + suffix.len()
            && specifier.starts_with(prefix)
            && specifier.ends_with(suffix)
            && best.is_none_or(|(len, _, _)| prefix.len() > len) =>
        {
          let star = &specifier[prefix.len()..specifier.len() - suffix.len()];
          best = Some((prefix.len(), targets, star));
        }
        _ => {}
      }
    }
    best.map(|(_, targets, star)| (targets, star))
  }
}

/// Options gathered along an `extends` chain; the extending file wins.
#[derive(Default)]
struct Merged {
  base_url: Option<PathBuf>,
  paths: Vec<(String, Vec<String>)>,
  paths_dir: Option<PathBuf>,
}

fn read_config(
  file: &Path,
  merged: &mut Merged,
  depth: usize,
) -> Result<(), ModuleError> {
  let invalid = |message: String| ModuleError::Syntax {
    file: file.to_path_buf(),
    line: 1,
    column: 1,
    message,
    detail: String::new(),
  };
  if depth > 16 {
    return Err(invalid("`extends` chain is too long (a cycle?)".to_owned()));
  }
  let text =
    std::fs::read_to_string(file).map_err(|source| ModuleError::Read {
      file: file.to_path_buf(),
      source,
    })?;
  let value =
    parse_jsonc(&text).map_err(|e| invalid(format!("invalid JSON: {e}")))?;
  let dir = file.parent().unwrap_or(Path::new("/"));
  // Bases first, so this file's options override theirs.
  let extends: Vec<&str> = match value.get("extends") {
    Some(Value::String(one)) => vec![one.as_str()],
    Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
    _ => Vec::new(),
  };
  for base in extends {
    let base_file = extends_file(base, dir).ok_or_else(|| {
      invalid(format!("cannot find the config '{base}' it extends"))
    })?;
    read_config(&base_file, merged, depth + 1)?;
  }
  let Some(options) = value.get("compilerOptions") else {
    return Ok(());
  };
  if let Some(base_url) = options.get("baseUrl").and_then(Value::as_str) {
    merged.base_url = Some(dir.join(base_url));
  }
  if let Some(Value::Object(paths)) = options.get("paths") {
    merged.paths = paths
      .iter()
      .map(|(key, targets)| {
        let targets = match targets {
          Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
          Value::String(one) => vec![one.clone()],
          _ => Vec::new(),
        };
        (key.clone(), targets)
      })
      .collect();
    merged.paths_dir = Some(dir.to_path_buf());
  }
  Ok(())
}

/// Where an `extends` entry points: a relative file, or a file of a
/// package in `node_modules` (`@tsconfig/strictest/tsconfig.json`).
fn extends_file(spec: &str, dir: &Path) -> Option<PathBuf> {
  let with_json = |path: PathBuf| {
    if path.is_file() {
      return Some(path);
    }
    let mut name = path.into_os_string();
    name.push(".json");
    let path = PathBuf::from(name);
    path.is_file().then_some(path)
  };
  if spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/')
  {
    return with_json(dir.join(spec));
  }
  dir.ancestors().find_map(|ancestor| {
    let in_modules = ancestor.join("node_modules").join(spec);
    if in_modules.is_dir() {
      with_json(in_modules.join("tsconfig.json"))
    } else {
      with_json(in_modules)
    }
  })
}

/// Parses a tsconfig/jsconfig text: JSON with comments and trailing
/// commas, as `tsc` reads it.
///
/// # Errors
///
/// What serde_json says of the text once comments and trailing commas
/// are gone.
pub fn parse_jsonc(text: &str) -> Result<Value, serde_json::Error> {
  serde_json::from_str(&strip_jsonc(text))
}

/// JSON with comments and trailing commas (what `tsc` accepts) → JSON.
fn strip_jsonc(text: &str) -> String {
  let mut out = String::with_capacity(text.len());
  let mut chars = text.chars().peekable();
  let mut in_string = false;
  while let Some(c) = chars.next() {
    if in_string {
      out.push(c);
      match c {
        '\\' => {
          if let Some(next) = chars.next() {
            out.push(next);
          }
        }
        '"' => in_string = false,
        _ => {}
      }
      continue;
    }
    match c {
      '"' => {
        in_string = true;
        out.push(c);
      }
      '/' if chars.peek() == Some(&'/') => {
        for next in chars.by_ref() {
          if next == '\n' {
            out.push('\n');
            break;
          }
        }
      }
      '/' if chars.peek() == Some(&'*') => {
        chars.next();
        let mut last = ' ';
        for next in chars.by_ref() {
          if last == '*' && next == '/' {
            break;
          }
          last = next;
        }
        out.push(' ');
      }
      _ => out.push(c),
    }
  }
  remove_trailing_commas(&out)
}

fn remove_trailing_commas(text: &str) -> String {
  let mut out = String::with_capacity(text.len());
  let mut in_string = false;
  let mut escaped = false;
  let chars: Vec<char> = text.chars().collect();
  for (i, &c) in chars.iter().enumerate() {
    if in_string {
      out.push(c);
      if escaped {
        escaped = false;
      } else if c == '\\' {
        escaped = true;
      } else if c == '"' {
        in_string = false;
      }
      continue;
    }
    if c == '"' {
      in_string = true;
    }
    if c == ',' {
      let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
      if matches!(next, Some('}') | Some(']')) {
        continue;
      }
    }
    out.push(c);
  }
  out
}

#[cfg(test)]
mod tests {
  use super::strip_jsonc;

  #[test]
  fn comments_and_trailing_commas_are_dropped() {
    let text = "{\n // c\n \"a\": \"//x\", /* b */ \"c\": [1, 2,],\n}";
    let value: serde_json::Value =
      serde_json::from_str(&strip_jsonc(text)).expect("json");
    assert_eq!(value, serde_json::json!({ "a": "//x", "c": [1, 2] }));
  }
}
