//! Connection lifecycle, through the binary and raw sockets: the
//! header-read, keep-alive and body timeouts, the connection cap, the
//! accept loop out of descriptors, the open-files limit, and shutdown that
//! does not wait for idle or half-open connections.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::process::{Running, edgeroute};

const APP: &str = "test-apps/limits";

/// Reads until the peer closes; how long that took (or `None` if it was
/// still open after `limit`). Whatever arrives is returned too.
fn wait_closed(
  stream: &mut TcpStream,
  limit: Duration,
) -> (Option<Duration>, String) {
  let started = Instant::now();
  stream
    .set_read_timeout(Some(Duration::from_millis(100)))
    .expect("read timeout");
  let mut got = Vec::new();
  let mut buf = [0u8; 4096];
  while started.elapsed() < limit {
    match stream.read(&mut buf) {
      Ok(0) => {
        return (
          Some(started.elapsed()),
          String::from_utf8_lossy(&got).into(),
        );
      }
      Ok(n) => got.extend_from_slice(&buf[..n]),
      Err(e)
        if matches!(
          e.kind(),
          std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ) => {}
      // Reset by the server: closed as well.
      Err(_) => {
        return (
          Some(started.elapsed()),
          String::from_utf8_lossy(&got).into(),
        );
      }
    }
  }
  (None, String::from_utf8_lossy(&got).into())
}

fn connect(addr: SocketAddr) -> TcpStream {
  TcpStream::connect(addr).expect("connect")
}

fn get_ok(stream: &mut TcpStream) -> String {
  stream
    .write_all(b"GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n")
    .expect("write");
  stream
    .set_read_timeout(Some(Duration::from_secs(10)))
    .expect("read timeout");
  let mut buf = [0u8; 4096];
  let n = stream.read(&mut buf).expect("answer");
  String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[test]
fn idle_and_silent_connections_are_closed_at_the_keep_alive_timeout() {
  let server = Running::serve(APP, &["--keep-alive-timeout", "300ms"]);
  let mut silent = connect(server.addr);
  let mut used = connect(server.addr);
  assert!(get_ok(&mut used).starts_with("HTTP/1.1 200"));
  let (closed, _) = wait_closed(&mut silent, Duration::from_secs(3));
  let closed = closed.expect("a connection that never sends a byte is closed");
  assert!(closed < Duration::from_secs(2), "{closed:?}");
  let (closed, _) = wait_closed(&mut used, Duration::from_secs(3));
  assert!(closed.is_some(), "an idle keep-alive connection is closed");
}

#[test]
fn a_request_head_sent_slowly_is_cut_at_the_header_timeout() {
  let server = Running::serve(
    APP,
    &["--header-timeout", "1s", "--keep-alive-timeout", "60s"],
  );
  let mut slow = connect(server.addr);
  slow
    .write_all(b"GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
    .expect("write");
  let started = Instant::now();
  // One byte every 100 ms: never idle, never done.
  let mut closed_after = None;
  while started.elapsed() < Duration::from_secs(5) {
    std::thread::sleep(Duration::from_millis(100));
    if slow.write_all(b"a").is_err() {
      closed_after = Some(started.elapsed());
      break;
    }
    slow.set_nonblocking(true).expect("nonblocking");
    let mut buf = [0u8; 1];
    let peek = slow.peek(&mut buf);
    slow.set_nonblocking(false).expect("blocking");
    if matches!(peek, Ok(0)) {
      closed_after = Some(started.elapsed());
      break;
    }
  }
  let closed = closed_after.expect("the slow head is cut");
  assert!(
    closed >= Duration::from_millis(800) && closed < Duration::from_secs(3),
    "cut after {closed:?}"
  );
  // Other clients are served all along.
  assert!(get_ok(&mut connect(server.addr)).starts_with("HTTP/1.1 200"));
}

#[test]
fn a_body_that_stalls_is_answered_408_at_the_body_timeout() {
  let server = Running::serve(APP, &["--body-timeout", "500ms"]);
  let mut stream = connect(server.addr);
  stream
    .write_all(
      b"POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789",
    )
    .expect("write");
  let started = Instant::now();
  let (closed, answer) = wait_closed(&mut stream, Duration::from_secs(5));
  let took = started.elapsed();
  assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
  assert!(closed.is_some(), "the connection is closed after the 408");
  assert!(took < Duration::from_secs(3), "{took:?}");
  assert!(!server.stderr().contains("ERROR"), "{}", server.stderr());
}

#[test]
fn past_max_connections_new_connections_wait_instead_of_being_served() {
  let server = Running::serve(
    APP,
    &["--max-connections", "2", "--keep-alive-timeout", "60s"],
  );
  let mut first = connect(server.addr);
  let second = connect(server.addr);
  assert!(get_ok(&mut first).starts_with("HTTP/1.1 200"));
  // The third is accepted by the kernel's backlog, not by the server.
  let mut third = connect(server.addr);
  third
    .write_all(b"GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n")
    .expect("write");
  third
    .set_read_timeout(Some(Duration::from_millis(500)))
    .expect("timeout");
  let mut buf = [0u8; 4096];
  assert!(
    third.read(&mut buf).is_err(),
    "no answer while two are open"
  );
  drop(second);
  third
    .set_read_timeout(Some(Duration::from_secs(5)))
    .expect("timeout");
  let n = third.read(&mut buf).expect("answered once a slot frees");
  assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
}

/// CPU time (user + system) of a process so far.
fn cpu_time(pid: u32) -> Duration {
  let stat =
    std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
  let fields: Vec<&str> = stat
    .rsplit_once(')')
    .expect("comm")
    .1
    .split_whitespace()
    .collect();
  let ticks: u64 = fields[11].parse::<u64>().expect("utime")
    + fields[12].parse::<u64>().expect("stime");
  Duration::from_millis(ticks * 10)
}

fn under_prlimit(nofile: &str, args: &[&str]) -> Running {
  let inner = edgeroute(args);
  let mut command = Command::new("prlimit");
  command
    .arg(format!("--nofile={nofile}"))
    .arg("--")
    .arg(inner.get_program())
    .args(inner.get_args())
    .current_dir(crate::common::repo_root())
    .env_remove("PORT")
    .env_remove("EDGEROUTE_LOG")
    .stdin(std::process::Stdio::null())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
  Running::spawn(command)
}

#[test]
fn out_of_descriptors_the_accept_loop_backs_off_and_warns_once() {
  let server = under_prlimit(
    "128:128",
    &[
      "serve",
      APP,
      "--hostname",
      "127.0.0.1",
      "--port",
      "0",
      "--max-connections",
      "10000",
      "--keep-alive-timeout",
      "60s",
    ],
  );
  let pid = server.child.id();
  // The route's isolate and its spares boot first (each opens descriptors
  // of its own): what runs out below is the accept loop's.
  {
    let mut stream = TcpStream::connect(server.addr).expect("connect");
    assert!(get_ok(&mut stream).starts_with("HTTP/1.1 200"));
  }
  std::thread::sleep(Duration::from_millis(1500));
  let held: Vec<TcpStream> = (0..200)
    .filter_map(|_| TcpStream::connect(server.addr).ok())
    .collect();
  std::thread::sleep(Duration::from_millis(500));
  let cpu_before = cpu_time(pid);
  std::thread::sleep(Duration::from_secs(2));
  let spent = cpu_time(pid) - cpu_before;
  let warnings = server.stderr().matches("accept failed").count();
  assert!(
    spent < Duration::from_millis(500),
    "spun for {spent:?} of CPU in 2 s"
  );
  assert_eq!(warnings, 1, "{}", server.stderr());
  drop(held);
  // Serving again once descriptors are back.
  let started = Instant::now();
  let answer = loop {
    if let Ok(mut stream) = TcpStream::connect(server.addr) {
      let answer = get_ok(&mut stream);
      if answer.starts_with("HTTP/1.1 200") {
        break answer;
      }
    }
    assert!(
      started.elapsed() < Duration::from_secs(10),
      "not serving again"
    );
    std::thread::sleep(Duration::from_millis(100));
  };
  assert!(answer.starts_with("HTTP/1.1 200"));
}

#[test]
fn the_soft_open_files_limit_is_raised_to_the_hard_one() {
  let server = under_prlimit(
    "256:4096",
    &["serve", APP, "--hostname", "127.0.0.1", "--port", "0"],
  );
  let limits =
    std::fs::read_to_string(format!("/proc/{}/limits", server.child.id()))
      .expect("limits");
  let line = limits
    .lines()
    .find(|l| l.starts_with("Max open files"))
    .expect("open files line");
  let numbers: Vec<&str> = line
    .split_whitespace()
    .filter(|w| w.parse::<u64>().is_ok())
    .collect();
  assert_eq!(numbers, vec!["4096", "4096"], "{line}");
}

#[test]
fn sigterm_closes_idle_and_half_open_connections_at_once() {
  let mut server = Running::serve(APP, &["--keep-alive-timeout", "60s"]);
  let mut idle = connect(server.addr);
  assert!(get_ok(&mut idle).starts_with("HTTP/1.1 200"));
  let mut half = connect(server.addr);
  half
    .write_all(b"GET /ok HTTP/1.1\r\nHost: loc")
    .expect("write");
  std::thread::sleep(Duration::from_millis(200));
  let started = Instant::now();
  server.sigterm();
  let status = server.wait_exit(Duration::from_secs(8));
  let took = started.elapsed();
  assert!(status.success(), "{status}");
  assert!(took < Duration::from_secs(2), "exit took {took:?}");
}

#[test]
fn a_second_sigint_exits_without_waiting_for_requests_in_flight() {
  let mut server = Running::serve(APP, &[]);
  let addr = server.addr;
  let slow = std::thread::spawn(move || {
    let mut stream = connect(addr);
    let _ = stream
      .write_all(b"GET /sleep?ms=8000 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    wait_closed(&mut stream, Duration::from_secs(12))
  });
  std::thread::sleep(Duration::from_millis(500));
  let interrupt = || {
    let status = Command::new("kill")
      .args(["-INT", &server.child.id().to_string()])
      .status()
      .expect("kill");
    assert!(status.success());
  };
  interrupt();
  std::thread::sleep(Duration::from_millis(500));
  let started = Instant::now();
  interrupt();
  let status = server.wait_exit(Duration::from_secs(6));
  let took = started.elapsed();
  assert_eq!(status.code(), Some(130), "{status}");
  assert!(took < Duration::from_secs(2), "exit took {took:?}");
  let _ = slow.join();
}

#[test]
fn a_malformed_chunked_body_is_answered_400_and_logged_at_debug() {
  let server = Running::serve(APP, &[]);
  for body in [&b"zz\r\nhello\r\n0\r\n\r\n"[..], b"5\r\nhelloXX0\r\n\r\n"] {
    let mut stream = connect(server.addr);
    let mut request =
      b"POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    request.extend_from_slice(body);
    stream.write_all(&request).expect("write");
    let (_, answer) = wait_closed(&mut stream, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?}");
  }
  assert!(!server.stderr().contains("ERROR"), "{}", server.stderr());
}
