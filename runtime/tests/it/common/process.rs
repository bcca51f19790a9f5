//! The `edgeroute` binary as a separate process: run to its exit, or
//! serving until dropped, with its output collected line by line.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use super::repo_root;

/// How long a debug build may take to load an app and print `Ready on`.
pub const STARTUP: Duration = Duration::from_secs(30);

/// The binary, run from the repository root with a clean environment for
/// the variables it reads.
pub fn edgeroute(args: &[&str]) -> Command {
  let mut command = Command::new(env!("CARGO_BIN_EXE_edgeroute"));
  command
    .args(args)
    .current_dir(repo_root())
    .env_remove("PORT")
    .env_remove("EDGEROUTE_LOG")
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
  command
}

/// Output of a run that must end on its own.
pub struct Finished {
  pub status: ExitStatus,
  pub stdout: String,
  pub stderr: String,
  pub took: Duration,
}

/// Runs the binary to its end, killing it (and failing) past `limit`.
pub fn run_to_exit(args: &[&str], limit: Duration) -> Finished {
  let started = Instant::now();
  let mut child = edgeroute(args).spawn().expect("spawn edgeroute");
  let stdout = drain(child.stdout.take().expect("stdout"));
  let stderr = drain(child.stderr.take().expect("stderr"));
  let status = loop {
    if let Some(status) = child.try_wait().expect("wait") {
      break status;
    }
    if started.elapsed() > limit {
      let _ = child.kill();
      let _ = child.wait();
      panic!("edgeroute {args:?} still running after {limit:?}");
    }
    std::thread::sleep(Duration::from_millis(20));
  };
  Finished {
    status,
    stdout: stdout.join().expect("stdout reader"),
    stderr: stderr.join().expect("stderr reader"),
    took: started.elapsed(),
  }
}

fn drain(
  mut pipe: impl Read + Send + 'static,
) -> std::thread::JoinHandle<String> {
  std::thread::spawn(move || {
    let mut out = Vec::new();
    let _ = pipe.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
  })
}

/// A server process that printed `Ready on`; killed when dropped.
pub struct Running {
  pub child: Child,
  pub addr: SocketAddr,
  pub origin: String,
  pub stdout: Arc<Mutex<String>>,
  pub stderr: Arc<Mutex<String>>,
}

impl Running {
  pub fn start(args: &[&str]) -> Running {
    Running::spawn(edgeroute(args))
  }

  /// `serve <app>` on 127.0.0.1, a port the system picks, and `flags`.
  pub fn serve(app: &str, flags: &[&str]) -> Running {
    let mut args = vec!["serve", app, "--hostname", "127.0.0.1", "--port", "0"];
    args.extend_from_slice(flags);
    Running::start(&args)
  }

  pub fn spawn(mut command: Command) -> Running {
    let mut child = command.spawn().expect("spawn edgeroute");
    let stdout = Arc::new(Mutex::new(String::new()));
    let stderr = Arc::new(Mutex::new(String::new()));
    let (ready_tx, ready_rx) = mpsc::channel();
    collect_lines(child.stdout.take().expect("stdout"), stdout.clone(), {
      move |line: &str| {
        if let Some(origin) = line.strip_prefix("Ready on ") {
          let _ = ready_tx.send(origin.trim().to_owned());
        }
      }
    });
    collect_lines(child.stderr.take().expect("stderr"), stderr.clone(), |_| {});
    let origin = match ready_rx.recv_timeout(STARTUP) {
      Ok(origin) => origin,
      Err(_) => {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
          "no `Ready on` line within {STARTUP:?}\nstdout:\n{}\nstderr:\n{}",
          stdout.lock().expect("stdout"),
          stderr.lock().expect("stderr")
        );
      }
    };
    let host_port = origin
      .strip_prefix("http://")
      .or_else(|| origin.strip_prefix("https://"))
      .unwrap_or_else(|| panic!("`Ready on {origin}` is not an http(s) URL"));
    let addr: SocketAddr = host_port
      .parse()
      .unwrap_or_else(|e| panic!("`Ready on {origin}`: {e}"));
    Running {
      child,
      addr,
      origin,
      stdout,
      stderr,
    }
  }

  /// The origin of `request.url` in handlers: `http://localhost:<port>`.
  pub fn request_origin(&self) -> String {
    let port = self.origin.rsplit(':').next().unwrap_or_default();
    format!("http://localhost:{port}")
  }

  pub fn stderr(&self) -> String {
    self.stderr.lock().expect("stderr").clone()
  }

  /// Waits until the log holds a line with every one of `parts` (the log
  /// is read on another thread, a moment after the answer).
  pub fn log_line_with(&self, parts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
      let stderr = self.stderr();
      if let Some(line) = stderr
        .lines()
        .find(|line| parts.iter().all(|part| line.contains(part)))
      {
        return line.to_owned();
      }
      if Instant::now() > deadline {
        panic!("no log line with all of {parts:?}; stderr:\n{stderr}");
      }
      std::thread::sleep(Duration::from_millis(20));
    }
  }

  /// Waits until the log holds `text` anywhere (multi-line messages).
  pub fn wait_for_log(&self, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
      let stderr = self.stderr();
      if stderr.contains(text) {
        return stderr;
      }
      if Instant::now() > deadline {
        panic!("{text:?} not in the log; stderr:\n{stderr}");
      }
      std::thread::sleep(Duration::from_millis(20));
    }
  }

  /// A scrape of `--metrics` (started with `--metrics 127.0.0.1:0`): the
  /// address from the `Metrics on` line, the text over HTTP/1.1.
  pub fn metrics_text(&self) -> String {
    let stdout = self.stdout.lock().expect("stdout").clone();
    let addr: SocketAddr = stdout
      .lines()
      .find_map(|line| line.strip_prefix("Metrics on http://"))
      .and_then(|rest| rest.strip_suffix("/metrics"))
      .unwrap_or_else(|| panic!("no `Metrics on` line in {stdout}"))
      .parse()
      .expect("a metrics address");
    let answer = super::raw_request_h1(addr, "GET", "/metrics", &[], None);
    assert_eq!(answer.status, 200);
    assert_eq!(
      answer.header("content-type"),
      Some("application/openmetrics-text; version=1.0.0; charset=utf-8")
    );
    answer.text()
  }

  pub fn sigterm(&self) {
    let status = Command::new("kill")
      .args(["-TERM", &self.child.id().to_string()])
      .status()
      .expect("run kill");
    assert!(status.success(), "kill -TERM failed: {status}");
  }

  pub fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
      if let Some(status) = self.child.try_wait().expect("wait") {
        return status;
      }
      if Instant::now() > deadline {
        panic!("still running {limit:?} after SIGTERM");
      }
      std::thread::sleep(Duration::from_millis(20));
    }
  }
}

impl Drop for Running {
  fn drop(&mut self) {
    if let Ok(None) = self.child.try_wait() {
      let _ = self.child.kill();
      let _ = self.child.wait();
    }
  }
}

fn collect_lines(
  pipe: impl Read + Send + 'static,
  into: Arc<Mutex<String>>,
  mut on_line: impl FnMut(&str) + Send + 'static,
) {
  std::thread::spawn(move || {
    for line in BufReader::new(pipe).lines() {
      let Ok(line) = line else { break };
      on_line(&line);
      let mut text = into.lock().expect("log buffer");
      text.push_str(&line);
      text.push('\n');
    }
  });
}
