//! The real services a fixture's routes talk to (PostgreSQL, an SMTP sink,
//! a PostgREST-shaped server), started by the fixture's own `services.mjs`
//! — the same script `record-nextjs.mjs` starts when it asks Next.js — and
//! stopped when the handle is dropped (its stdin closes).

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};

use super::repo_root;

/// Running services and the environment variables that reach them.
pub struct Services {
  child: Child,
  stdin: Option<ChildStdin>,
  /// `DATABASE_URL`, `SMTP_PORT`, ... as the script printed them.
  pub env: Vec<(String, String)>,
}

/// PostgreSQL's server binaries, installed from Debian when missing (as
/// `.ci/run` does), so that `cargo test` alone works on a fresh machine.
fn require_postgresql() {
  static INSTALL: std::sync::Once = std::sync::Once::new();
  INSTALL.call_once(|| {
    // Where services.mjs looks: PATH, or Debian's folder.
    let installed = Command::new("sh")
      .args([
        "-c",
        "command -v initdb || ls /usr/lib/postgresql/*/bin/initdb",
      ])
      .stdout(Stdio::null())
      .stderr(Stdio::null())
      .status()
      .is_ok_and(|s| s.success());
    if installed {
      return;
    }
    eprintln!("PostgreSQL is not installed: apt-get install -y postgresql");
    let status = Command::new("sh")
      .args([
        "-c",
        "apt-get update -qq && apt-get install -y -qq postgresql",
      ])
      .status();
    assert!(
      status.is_ok_and(|s| s.success()),
      "could not install PostgreSQL; run: apt-get install postgresql"
    );
  });
}

impl Services {
  /// Starts `test-apps/<app>/services.mjs` and waits until it is ready.
  pub fn start(app: &str) -> Services {
    let script = repo_root().join("test-apps").join(app).join("services.mjs");
    // Only the scripts that run a PostgreSQL cluster need its binaries.
    if std::fs::read_to_string(&script).is_ok_and(|s| s.contains("initdb")) {
      require_postgresql();
    }
    let mut child = Command::new("node")
      .arg(&script)
      .stdin(Stdio::piped())
      .stdout(Stdio::piped())
      .stderr(Stdio::inherit())
      .spawn()
      .unwrap_or_else(|e| panic!("node {}: {e}", script.display()));
    let stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
      .read_line(&mut line)
      .expect("read services.mjs's ready line");
    let vars: serde_json::Map<String, serde_json::Value> =
      serde_json::from_str(&line).unwrap_or_else(|e| {
        let _ = child.kill();
        panic!(
          "{} did not start (it needs PostgreSQL: apt-get install postgresql): {e}; it printed {line:?}",
          script.display()
        )
      });
    let env = vars
      .into_iter()
      .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
      .collect();
    Services { child, stdin, env }
  }
}

impl Drop for Services {
  fn drop(&mut self) {
    // EOF on stdin: the script stops PostgreSQL and removes its files.
    drop(self.stdin.take());
    let _ = self.child.wait();
  }
}
