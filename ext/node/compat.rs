//! Ops deno_node's JS imports from crates edgeroute does not take
//! (deno_runtime, deno_napi, deno_http): without them the modules that
//! import them (`node:process`, `node:module`, `node:http`, a
//! non-terminal `process.stdout`) would not link. The names are deno_node's.

use deno_core::op2;
use deno_error::JsErrorBox;

/// `process.cpuUsage()`'s source: the calling thread's user and system
/// CPU time in microseconds (the isolate owns its thread).
#[op2(fast)]
pub fn op_current_thread_cpu_usage(#[buffer] out: &mut [f64]) {
  if out.len() < 2 {
    return;
  }
  let micros = |time: nix::sys::time::TimeVal| {
    time.tv_sec() as f64 * 1_000_000.0 + time.tv_usec() as f64
  };
  if let Ok(usage) =
    nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_THREAD)
  {
    out[0] = micros(usage.user_time());
    out[1] = micros(usage.system_time());
  }
}

/// `require()` of a `.node` file: native addons cannot run in an isolate.
#[op2(fast)]
pub fn op_napi_open(#[string] path: &str) -> Result<(), JsErrorBox> {
  Err(JsErrorBox::generic(format!(
    "cannot load the native addon {path}: native addons are not supported by edgeroute"
  )))
}

/// The color depth of `process.stdout`: route output goes to the server's
/// log, never to a terminal's colors.
#[op2(fast)]
pub fn op_bootstrap_color_depth() -> i32 {
  1
}

/// `node:http`'s `server.listen()` asks whether a serve address is forced
/// (Deno's `DENO_SERVE_ADDRESS`): never here.
#[op2]
#[serde]
pub fn op_http_serve_address_override() -> (u8, String, u32, bool) {
  (0, String::new(), 0, false)
}

/// `node:http` tells Deno's CLI that a server started: nothing listens for
/// that here.
#[op2(fast)]
pub fn op_http_notify_serving(#[smi] _kind: u32) {}
