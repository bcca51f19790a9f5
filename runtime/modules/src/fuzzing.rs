//! The properties the fuzz targets (`runtime/modules/fuzz`) check, here so
//! that `cargo test` replays the committed corpora on stable Rust. Panics
//! mean a finding.

use crate::exports::{conditions, exports_target, imports_target};
use crate::parse_jsonc;
use crate::{ImportKind, Runtime};

fn inside_package(target: &str) -> bool {
  target.starts_with("./")
    && !target
      .split(['/', '\\'])
      .any(|part| part == ".." || part == "node_modules")
}

/// package.json `exports` / `imports`: no panic, and a path target never
/// leaves the package. Input: the subpath on the first line, the JSON
/// value after it.
pub fn check_exports(data: &[u8]) {
  let Ok(text) = std::str::from_utf8(data) else {
    return;
  };
  let (subpath, json) = text.split_once('\n').unwrap_or((".", text));
  let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
    return;
  };
  let every = [Runtime::NodeJs, Runtime::Edge].into_iter().flat_map(|r| {
    [
      ImportKind::Import,
      ImportKind::Require,
      ImportKind::NativeRequire,
    ]
    .map(|k| conditions(r, k))
  });
  for conditions in every {
    if let Some(target) = exports_target(&value, subpath, conditions) {
      assert!(inside_package(&target), "{subpath} -> {target}");
    }
    // An `imports` target may also name a package (bare); a path one
    // must stay inside.
    if let Some(target) = imports_target(&value, subpath, conditions)
      && (target.starts_with("./")
        || target.starts_with("../")
        || target.starts_with('/'))
    {
      assert!(inside_package(&target), "imports {subpath} -> {target}");
    }
  }
}

/// The tsconfig reader: no panic; plain JSON reads as JSON does; comments
/// around it are read past.
pub fn check_jsonc(data: &[u8]) {
  let Ok(text) = std::str::from_utf8(data) else {
    return;
  };
  let read = parse_jsonc(text);
  if let Ok(plain) = serde_json::from_str::<serde_json::Value>(text) {
    assert_eq!(read.as_ref().ok(), Some(&plain), "{text:?}");
    let commented = format!("// a comment\n{text}\n/* and another */");
    assert_eq!(parse_jsonc(&commented).ok(), Some(plain), "{text:?}");
  }
}

#[cfg(test)]
mod tests {
  /// Every input the fuzzers kept, replayed.
  #[test]
  fn the_committed_fuzz_corpora_pass() {
    let root =
      std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, check) in [
      ("exports", super::check_exports as fn(&[u8])),
      ("jsonc", super::check_jsonc),
    ] {
      let mut count = 0;
      for entry in std::fs::read_dir(root.join(target))
        .expect("corpus folder")
        .flatten()
      {
        check(&std::fs::read(entry.path()).expect("corpus file"));
        count += 1;
      }
      assert!(count > 100, "{target}: only {count} inputs");
    }
  }
}
