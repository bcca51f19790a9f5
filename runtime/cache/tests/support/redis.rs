//! A real Redis for tests (`redis-server` from Debian's package), shared
//! by `runtime/cache/tests/stores.rs` and the runtime's `it` suite
//! (`#[path]`-included by both).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A redis-server of the test's own, on a free loopback port; stopped when
/// dropped.
pub struct Redis {
  port: u16,
  child: Option<Child>,
}

impl Redis {
  /// Starts one and waits until it listens.
  pub fn start() -> Redis {
    let port = TcpListener::bind("127.0.0.1:0")
      .and_then(|l| l.local_addr())
      .expect("a free port")
      .port();
    let mut redis = Redis { port, child: None };
    redis.spawn();
    redis
  }

  /// Starts (again) the server on this port.
  pub fn spawn(&mut self) {
    let child = Command::new("redis-server")
      .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
      .args(["--save", "", "--appendonly", "no"])
      .stdout(Stdio::null())
      .spawn()
      .expect("redis-server (apt-get install redis-server) starts");
    self.child = Some(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
      assert!(Instant::now() < deadline, "redis-server did not listen");
      std::thread::sleep(Duration::from_millis(20));
    }
  }

  /// Kills it (SIGKILL): an outage, as a crash would be.
  pub fn kill(&mut self) {
    if let Some(mut child) = self.child.take() {
      let _ = child.kill();
      let _ = child.wait();
    }
  }

  pub fn url(&self) -> String {
    format!("redis://127.0.0.1:{}/0", self.port)
  }
}

impl Drop for Redis {
  fn drop(&mut self) {
    self.kill();
  }
}
