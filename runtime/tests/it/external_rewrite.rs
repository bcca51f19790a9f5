//! An external rewrite (`test-apps/config-trailing`'s afterFiles rule
//! `/ext/:path*` -> the services.mjs upstream) streams both ways, as
//! `next start`'s proxy does: the upstream's chunks reach the client as they
//! are sent, and a request body reaches the upstream while the client is
//! still sending it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::services::Services;
use crate::common::{TestServer, arrivals};

fn serve() -> (Services, TestServer) {
  let services = Services::start("config-trailing");
  let env: Vec<(&str, &str)> = services
    .env
    .iter()
    .map(|(k, v)| (k.as_str(), v.as_str()))
    .collect();
  let server = TestServer::start_with_env("test-apps/config-trailing", &env);
  (services, server)
}

/// The upstream writes "chunk 0" at once, then "chunk 1" and "chunk 2"
/// 700 ms apart: the first must arrive long before the last pause ends.
#[test]
fn external_rewrite_streams_the_upstream_answer() {
  let (_services, server) = serve();
  let (times, answer) = arrivals(
    &server,
    "/ext/stream/?n=3&ms=700",
    "",
    &["chunk 0", "chunk 1", "chunk 2"],
  );
  assert_eq!(answer.status, 200, "{}", answer.text());
  assert_eq!(answer.header("x-upstream"), Some("stream"));
  assert_eq!(times.len(), 3, "every chunk arrives: {}", answer.text());
  assert!(
    times[0] < Duration::from_millis(600),
    "chunk 0 arrived after {:?}: the answer was buffered",
    times[0]
  );
  assert!(
    times[2] >= Duration::from_millis(1300),
    "chunk 2 arrived after {:?}, before the upstream's pauses ended",
    times[2]
  );
  assert!(
    times[2] - times[0] >= Duration::from_millis(1000),
    "chunks arrived together ({times:?}): the answer was buffered"
  );
}

/// Reads from `stream` until `text` shows up in what came so far (or the
/// deadline passes); returns everything read.
fn read_until(
  stream: &mut TcpStream,
  seen: &mut Vec<u8>,
  text: &str,
  within: Duration,
) -> bool {
  let deadline = Instant::now() + within;
  let mut buf = [0u8; 4096];
  while !String::from_utf8_lossy(seen).contains(text) {
    let left = match deadline.checked_duration_since(Instant::now()) {
      Some(left) if !left.is_zero() => left,
      _ => return false,
    };
    stream.set_read_timeout(Some(left)).expect("timeout");
    match stream.read(&mut buf) {
      Ok(0) => return false,
      Ok(n) => seen.extend_from_slice(&buf[..n]),
      Err(e)
        if matches!(
          e.kind(),
          std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ) =>
      {
        return false;
      }
      Err(e) => panic!("read: {e}"),
    }
  }
  true
}

/// The upstream's `/slow-echo` answers at once and writes a line for every
/// body chunk it receives. The client sends the first half of its body,
/// waits until the upstream reports it (through edgeroute), and only then
/// sends the rest: a proxy that buffers the request body would never report
/// the first half.
#[test]
fn external_rewrite_streams_the_request_body() {
  let (_services, server) = serve();
  let mut stream = TcpStream::connect(server.addr).expect("connect");
  write!(
    stream,
    "POST /ext/slow-echo/ HTTP/1.1\r\nHost: {}\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\n",
    server.addr
  )
  .expect("write head");
  stream.write_all(b"part-1").expect("write the first half");
  stream.flush().expect("flush");
  let sent_first = Instant::now();
  let mut seen = Vec::new();
  let reported =
    read_until(&mut stream, &mut seen, "part-1", Duration::from_secs(5));
  assert!(
    reported,
    "the upstream did not report the first half of the body within 5 s of it being sent (the rest is still unsent): got {:?}",
    String::from_utf8_lossy(&seen)
  );
  let first_report = sent_first.elapsed();
  std::thread::sleep(Duration::from_millis(300));
  stream.write_all(b"part-2").expect("write the second half");
  stream.flush().expect("flush");
  assert!(
    read_until(&mut stream, &mut seen, "end 12", Duration::from_secs(10)),
    "no end of the echo: {:?}",
    String::from_utf8_lossy(&seen)
  );
  let answer = crate::common::parse_response(&seen, false);
  assert_eq!(answer.status, 200, "{}", answer.text());
  assert_eq!(answer.header("x-upstream"), Some("slow-echo"));
  let text = answer.text();
  let first = text.find("part-1").expect("part-1 echoed");
  let second = text.find("part-2").expect("part-2 echoed");
  assert!(first < second, "{text:?}");
  assert!(
    first_report < Duration::from_secs(5),
    "first half reported after {first_report:?}"
  );
}
