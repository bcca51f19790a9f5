//! Shared test setup: the recorded fixture copied into a fresh folder, with
//! the generated large file, the symbolic links and the mtimes Next saw.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// 2024-05-06T07:08:09Z, the mtime of every fixture file when recorded.
pub const T_SECS: u64 = 1_714_979_289;
/// The size of the generated `big.bin` (3 MiB).
pub const BIG_LEN: usize = 3 * 1024 * 1024;

/// The bytes of `big.bin`: byte `i` is `i % 251`.
pub fn big_bytes() -> Vec<u8> {
  (0..BIG_LEN).map(|i| (i % 251) as u8).collect()
}

/// A temporary folder removed on drop.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
  fn drop(&mut self) {
    let _ = fs::remove_dir_all(&self.0);
  }
}

impl Scratch {
  /// `<scratch>/public`.
  pub fn public(&self) -> PathBuf {
    self.0.join("public")
  }
}

fn fixture() -> PathBuf {
  Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture")
}

fn copy_dir(from: &Path, to: &Path) {
  fs::create_dir_all(to).unwrap();
  for entry in fs::read_dir(from).unwrap() {
    let entry = entry.unwrap();
    let target = to.join(entry.file_name());
    if entry.file_type().unwrap().is_dir() {
      copy_dir(&entry.path(), &target);
    } else {
      fs::copy(entry.path(), &target).unwrap();
    }
  }
}

fn set_mtimes(dir: &Path, time: SystemTime) {
  for entry in fs::read_dir(dir).unwrap() {
    let entry = entry.unwrap();
    let kind = entry.file_type().unwrap();
    if kind.is_dir() {
      set_mtimes(&entry.path(), time);
    } else if kind.is_file() {
      set_mtime(&entry.path(), time);
    }
  }
}

/// Sets a file's modification time.
pub fn set_mtime(path: &Path, time: SystemTime) {
  fs::File::options()
    .write(true)
    .open(path)
    .unwrap()
    .set_modified(time)
    .unwrap();
}

/// An empty scratch folder.
pub fn scratch() -> Scratch {
  static N: AtomicUsize = AtomicUsize::new(0);
  let dir = std::env::temp_dir().join(format!(
    "edgeroute-public-{}-{}",
    std::process::id(),
    N.fetch_add(1, Ordering::SeqCst)
  ));
  let _ = fs::remove_dir_all(&dir);
  fs::create_dir_all(&dir).unwrap();
  Scratch(dir)
}

/// The recorded project laid out as Next saw it: `public/` (plus `big.bin`,
/// `link.txt -> hello.txt`, `linkdir -> nested`, `outside.txt ->
/// ../secret.txt`) and `secret.txt` beside it, mtimes as recorded.
pub fn recorded_project() -> Scratch {
  let scratch = scratch();
  let public = scratch.public();
  copy_dir(&fixture().join("public"), &public);
  fs::copy(fixture().join("secret.txt"), scratch.0.join("secret.txt")).unwrap();
  fs::write(public.join("big.bin"), big_bytes()).unwrap();
  let t = UNIX_EPOCH + Duration::from_secs(T_SECS);
  set_mtimes(&scratch.0, t);
  set_mtime(&public.join("hello.txt"), t + Duration::from_millis(250));
  std::os::unix::fs::symlink("hello.txt", public.join("link.txt")).unwrap();
  std::os::unix::fs::symlink("nested", public.join("linkdir")).unwrap();
  std::os::unix::fs::symlink("../secret.txt", public.join("outside.txt"))
    .unwrap();
  scratch
}

/// Decodes standard base64 (the recorder's encoding of binary bodies).
pub fn base64(text: &str) -> Vec<u8> {
  let value = |c: u8| match c {
    b'A'..=b'Z' => c - b'A',
    b'a'..=b'z' => c - b'a' + 26,
    b'0'..=b'9' => c - b'0' + 52,
    b'+' => 62,
    b'/' => 63,
    _ => panic!("not base64: {c}"),
  };
  let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
  let mut out = Vec::new();
  for chunk in bytes.chunks(4) {
    let n = chunk
      .iter()
      .fold(0u32, |acc, &c| (acc << 6) | u32::from(value(c)))
      << (6 * (4 - chunk.len()));
    out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
  }
  out
}
