//! One owner per rule: each Next.js rule that both Rust and JS need is
//! defined once, and these tests fail if a second copy appears in the
//! first-party sources or the two sides of the op boundary disagree.

use std::path::{Path, PathBuf};

use crate::common::repo_root;

/// First-party Rust and JS sources (tests, fixtures and vendored npm code
/// aside), with their text.
fn sources() -> Vec<(PathBuf, String)> {
  let root = repo_root();
  let mut out = Vec::new();
  for dir in ["runtime", "ext", "js"] {
    walk(&root.join(dir), &mut out);
  }
  assert!(out.len() > 50, "found only {} source files", out.len());
  out
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
  let Ok(entries) = std::fs::read_dir(dir) else {
    return;
  };
  for entry in entries.flatten() {
    let path = entry.path();
    let name = entry.file_name().to_string_lossy().into_owned();
    if path.is_dir() {
      if !matches!(name.as_str(), "tests" | "target" | "node_modules") {
        walk(&path, out);
      }
      continue;
    }
    let vendored = name == "01_buffer.js"
      || path
        .parent()
        .is_some_and(|dir| dir.ends_with("ext/node/vendor"));
    let source = name.ends_with(".rs") || name.ends_with(".js");
    if source
      && !vendored
      && name != "tests.rs"
      && let Ok(text) = std::fs::read_to_string(&path)
    {
      out.push((path, text));
    }
  }
}

fn relative(path: &Path) -> String {
  path
    .strip_prefix(repo_root())
    .unwrap_or(path)
    .display()
    .to_string()
}

/// Files with a line naming both `"DELETE"` and `"PATCH"`: a list of the
/// handler methods.
#[test]
fn the_handler_method_list_has_one_owner() {
  let holders: Vec<String> = sources()
    .iter()
    .filter(|(_, text)| {
      text.lines().any(|line| {
        let quoted = |m: &str| {
          line.contains(&format!("\"{m}\"")) || line.contains(&format!("'{m}'"))
        };
        quoted("DELETE") && quoted("PATCH")
      })
    })
    .map(|(path, _)| relative(path))
    .collect();
  assert_eq!(holders, vec!["runtime/routes/src/methods.rs"]);
}

/// The kinds `03_serve.js` sends are exactly the names `FailureKind`
/// deserialises (serde camelCase of its variants).
#[test]
fn the_failure_kinds_are_one_enum_sent_by_name() {
  let root = repo_root();
  let js = std::fs::read_to_string(root.join("ext/http/03_serve.js"))
    .expect("03_serve.js");
  let mut sent: Vec<String> = js
    .lines()
    .filter_map(|line| line.trim().strip_prefix("const FAIL_"))
    .map(|rest| {
      let value = rest.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
      assert!(
        value.starts_with('"'),
        "a failure kind is sent by name, not number: FAIL_{rest}"
      );
      value.trim_end_matches(';').trim_matches('"').to_owned()
    })
    .collect();
  let rust =
    std::fs::read_to_string(root.join("ext/http/job.rs")).expect("job.rs");
  let body = rust
    .split("pub enum FailureKind {")
    .nth(1)
    .and_then(|rest| rest.split('}').next())
    .expect("FailureKind");
  let mut variants: Vec<String> = body
    .lines()
    .map(str::trim)
    .filter(|line| !line.starts_with("//") && line.ends_with(','))
    .map(|line| {
      let name = line.trim_end_matches(',');
      let mut chars = name.chars();
      match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
      }
    })
    .collect();
  sent.sort();
  variants.sort();
  assert_eq!(sent, vec!["invalid", "notAResponse", "threw"]);
  assert_eq!(sent, variants);
}

/// The built-in modules are tables in their extensions; the JS glue, the
/// resolver and the snapshot take them from there and list none.
#[test]
fn the_built_in_module_lists_have_one_owner() {
  let sources = sources();
  let holders = |needle: &str| -> Vec<String> {
    sources
      .iter()
      .filter(|(_, text)| text.contains(needle))
      .map(|(path, _)| relative(path))
      .collect()
  };
  assert_eq!(
    holders("\"edgeroute:node/buffer\""),
    vec!["ext/node/lib.rs"]
  );
  assert_eq!(
    holders("\"edgeroute:node/crypto\""),
    vec!["ext/node/lib.rs"]
  );
  assert_eq!(
    holders("\"edgeroute:next/server\""),
    vec!["ext/next/lib.rs"]
  );
  assert_eq!(holders("\"edgeroute:next/cache\""), vec!["ext/next/lib.rs"]);
  // No JS file names a built-in's module URL or lists the scripts behind
  // them (ext scripts load each other by name, which is not a list).
  for (path, text) in &sources {
    if path.extension().is_some_and(|e| e == "js") {
      let name = relative(path);
      assert!(!text.contains("edgeroute:node/"), "{name} names a node URL");
      assert!(!text.contains("edgeroute:next/"), "{name} names a next URL");
      assert!(
        !text.contains("\"01_buffer.js\""),
        "{name} lists the node scripts"
      );
      assert!(
        !text.contains("\"10_server.js\""),
        "{name} lists the next scripts"
      );
    }
  }
}
