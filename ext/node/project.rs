//! The project folder as Node.js route code sees the process: its working
//! directory. `process.cwd()` (and every relative path deno_node resolves
//! against it) is the project root, whatever the server's own working
//! directory, and route code cannot change it for the whole process.
//! deno_fs's ops read and change the real working directory; the
//! extension's middleware puts these in their place.

use std::path::PathBuf;

use deno_core::{OpState, op2};
use deno_error::JsErrorBox;

/// The project root, in each isolate's `OpState`.
#[derive(Debug, Clone)]
pub struct ProjectRoot(pub PathBuf);

/// `process.cwd()`: the project root.
#[op2]
#[string]
pub fn op_fs_cwd(state: &mut OpState) -> Result<String, JsErrorBox> {
  let root = state
    .try_borrow::<ProjectRoot>()
    .ok_or_else(|| JsErrorBox::generic("no project root in this isolate"))?;
  root
    .0
    .to_str()
    .map(str::to_owned)
    .ok_or_else(|| JsErrorBox::generic("the project root is not UTF-8"))
}

/// `process.chdir()`: the working directory belongs to the whole server,
/// shared by every route, so a route may not change it.
#[op2(fast)]
pub fn op_fs_chdir(#[string] directory: &str) -> Result<(), JsErrorBox> {
  Err(JsErrorBox::new(
    "NotSupported",
    format!(
      "process.chdir({directory:?}) is not supported: every route shares the server's working directory (process.cwd() is the project root)"
    ),
  ))
}

/// The server's process id and its parent's, for `process.pid` and
/// `process.ppid`.
#[op2]
#[serde]
pub fn op_node_process_ids() -> (u32, u32) {
  (std::process::id(), std::os::unix::process::parent_id())
}

/// The target triple the server was built for (`x86_64-unknown-linux-gnu`),
/// as `Deno.build` and so `process.arch` / `process.platform` read it.
#[op2]
#[string]
pub fn op_node_build_target() -> String {
  let vendor = if cfg!(target_vendor = "apple") {
    "apple"
  } else if cfg!(windows) {
    "pc"
  } else {
    "unknown"
  };
  let env = if cfg!(target_env = "musl") {
    "musl"
  } else if cfg!(target_env = "msvc") {
    "msvc"
  } else {
    "gnu"
  };
  let os = if cfg!(target_os = "macos") {
    "darwin"
  } else {
    std::env::consts::OS
  };
  format!("{}-{vendor}-{os}-{env}", std::env::consts::ARCH)
}
