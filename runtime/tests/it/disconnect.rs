//! A client that goes away: `request.signal` aborts with a
//! `ResponseAborted` error, the response stream's `cancel()` runs and its
//! producer stops, nothing is logged as an error, and the isolate goes on
//! serving. Handlers report what they saw to a local upstream.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use crate::common::process::Running;
use crate::common::raw_request;
use crate::common::upstream::Upstream;

fn open(addr: SocketAddr, path: &str, report: &str) -> TcpStream {
  let mut stream = TcpStream::connect(addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(10)))
    .expect("timeout");
  write!(
    stream,
    "GET {path} HTTP/1.1\r\nHost: x\r\nx-report: {report}\r\n\r\n"
  )
  .expect("write");
  stream
}

#[test]
fn disconnects_abort_the_signal_and_cancel_the_stream() {
  // The binary, so that its log is this test's alone.
  let server = Running::serve("test-apps/streaming", &[]);
  let upstream = Upstream::start();
  let wait = Duration::from_secs(5);

  // Mid-request: the handler is still awaiting when the client leaves.
  let stream = open(server.addr, "/abort/slow", &upstream.url());
  std::thread::sleep(Duration::from_millis(300));
  stream.shutdown(Shutdown::Both).expect("close");
  drop(stream);
  let signal = upstream
    .wait_for("/signal", wait)
    .expect("request.signal aborted after a mid-request disconnect");
  assert_eq!(
    signal, "/signal?aborted=true&name=ResponseAborted&error=true",
    "the abort reason is an Error named ResponseAborted"
  );

  // Mid-stream: read two chunks, then leave.
  let upstream = Upstream::start();
  let mut stream = open(server.addr, "/abort/stream", &upstream.url());
  let mut seen = Vec::new();
  let mut buf = [0u8; 1024];
  while !String::from_utf8_lossy(&seen).contains("chunk 2") {
    let n = stream.read(&mut buf).expect("read");
    assert!(n > 0, "stream ended early");
    seen.extend_from_slice(&buf[..n]);
  }
  stream.shutdown(Shutdown::Both).expect("close");
  drop(stream);
  assert_eq!(
    upstream.wait_for("/cancel", wait).as_deref(),
    Some("/cancel?name=ResponseAborted"),
    "the stream's cancel() ran with the ResponseAborted reason"
  );
  assert_eq!(
    upstream.wait_for("/signal", wait).as_deref(),
    Some("/signal?name=ResponseAborted"),
    "request.signal aborted mid-stream"
  );
  assert_eq!(
    upstream.wait_for("/after", wait).as_deref(),
    Some("/after?pulls=0"),
    "the producer stopped at the cancel"
  );

  // The isolate goes on serving, and a completed request never aborts.
  let upstream = Upstream::start();
  let answer = raw_request(
    server.addr,
    "GET",
    "/stream",
    &[("x-report", upstream.url().as_str())],
    None,
  );
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), "<p>One</p><p>Two</p><p>Three</p>");

  let logged = server.stderr();
  assert!(
    !logged.contains("ERROR"),
    "a disconnect is not an error:\n{logged}"
  );
}
