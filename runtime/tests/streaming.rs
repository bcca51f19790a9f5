//! Response bodies stream: the reference page's streaming example sends
//! its first chunk at once and the next ones as the handler produces them.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::TestServer;

#[test]
fn reference_streaming_example_delivers_chunks_as_produced() {
  let server = TestServer::start("test-apps/streaming");
  // Warm the isolate so the timing measures streaming, not start-up.
  assert_eq!(server.request("GET", "/stream", &[], None).status, 200);

  let mut stream = TcpStream::connect(server.addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(10)))
    .expect("timeout");
  let started = Instant::now();
  stream
    .write_all(b"GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    .expect("write");
  let mut seen = Vec::new();
  let mut arrivals = Vec::new();
  let mut buf = [0u8; 4096];
  let wanted = ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"];
  loop {
    let n = stream.read(&mut buf).expect("read");
    if n == 0 {
      break;
    }
    seen.extend_from_slice(&buf[..n]);
    let text = String::from_utf8_lossy(&seen).into_owned();
    while arrivals.len() < wanted.len() && text.contains(wanted[arrivals.len()])
    {
      arrivals.push(started.elapsed());
    }
  }
  let text = String::from_utf8_lossy(&seen).into_owned();
  eprintln!("chunk arrivals: {arrivals:?}");
  assert!(text.contains("transfer-encoding: chunked"), "{text}");
  assert_eq!(
    arrivals.len(),
    3,
    "all three chunks arrive, in order: {text}"
  );
  assert!(
    arrivals[0] < Duration::from_millis(100),
    "first chunk after {:?}",
    arrivals[0]
  );
  assert!(
    arrivals[1] - arrivals[0] >= Duration::from_millis(180),
    "second chunk {:?} after the first",
    arrivals[1] - arrivals[0]
  );
  assert!(
    arrivals[2] >= Duration::from_millis(400),
    "whole body after {:?}",
    arrivals[2]
  );
}
