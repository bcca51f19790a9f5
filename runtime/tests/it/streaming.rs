//! Bodies flow both ways: the reference page's streaming example sends its
//! chunks as produced (plain and compressed), a 1 GiB answer to a slow
//! reader and a 50 MiB upload leave memory bounded; over HTTP/1.1, and
//! over h2c with `EDGEROUTE_TEST_HTTP=h2c`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::{Protocol, TestServer, h2c, protocol};

/// The tests measure time and this process's memory: one at a time.
fn serial() -> std::sync::MutexGuard<'static, ()> {
  static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
  SERIAL
    .lock()
    .unwrap_or_else(|poisoned| poisoned.into_inner())
}

const CHUNKS: [&str; 3] = ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"];

fn assert_streamed(times: &[Duration], answer: &crate::common::RawResponse) {
  eprintln!("chunk arrivals: {times:?}");
  assert_eq!(
    times.len(),
    3,
    "all three chunks arrive, in order: {:?}",
    answer.text()
  );
  assert!(
    times[0] < Duration::from_millis(100),
    "first at {:?}",
    times[0]
  );
  assert!(
    times[1] - times[0] >= Duration::from_millis(180),
    "second chunk {:?} after the first",
    times[1] - times[0]
  );
  assert!(
    times[2] >= Duration::from_millis(400),
    "last at {:?}",
    times[2]
  );
}

#[test]
fn reference_streaming_example_delivers_chunks_as_produced() {
  let _serial = serial();
  let server = TestServer::start("test-apps/streaming");
  // Warm the isolate so the timing measures streaming, not start-up.
  assert_eq!(server.request("GET", "/stream", &[], None).status, 200);
  let (times, answer) =
    crate::common::arrivals(&server, "/stream", "", &CHUNKS);
  // A stream goes without a declared length: chunked over HTTP/1.1,
  // DATA frames to the end of the stream over HTTP/2.
  if crate::common::protocol() == crate::common::Protocol::Http1 {
    assert_eq!(
      answer.header("transfer-encoding"),
      Some("chunked"),
      "a stream is sent chunked"
    );
  }
  assert_eq!(answer.header("content-length"), None);
  assert_eq!(answer.header("content-encoding"), None);
  assert_streamed(&times, &answer);
}

#[test]
fn compressed_streams_flush_every_chunk() {
  let _serial = serial();
  let server = TestServer::start("test-apps/streaming");
  assert_eq!(server.request("GET", "/tokens", &[], None).status, 200);
  // Next.js compresses only typed bodies; the reference example has none.
  let gzip = "Accept-Encoding: gzip\r\n";
  let (_, answer) = crate::common::arrivals(&server, "/stream", gzip, &CHUNKS);
  assert_eq!(answer.header("content-encoding"), None);
  for (accept, coding) in [("gzip, deflate, br", "gzip"), ("br", "br")] {
    let headers = format!("Accept-Encoding: {accept}\r\n");
    let (times, answer) =
      crate::common::arrivals(&server, "/tokens", &headers, &CHUNKS);
    assert_eq!(answer.header("content-encoding"), Some(coding));
    assert_eq!(answer.header("vary"), Some("Accept-Encoding"));
    assert_eq!(
      crate::common::decode_body(&answer),
      CHUNKS.concat().as_bytes(),
      "{coding} body decodes to the handler's bytes"
    );
    assert_streamed(&times, &answer);
  }
}

#[test]
fn fixed_bodies_compress_with_a_length_and_binary_does_not() {
  let _serial = serial();
  let server = TestServer::start("test-apps/streaming");
  let gzip = [("Accept-Encoding", "gzip")];
  let answer = server.request("GET", "/huge?mb=1", &gzip, None);
  assert_eq!(answer.status, 200);
  assert_eq!(
    answer.header("content-encoding"),
    None,
    "application/octet-stream is not compressible"
  );
  assert_eq!(answer.header("vary"), None);
  assert_eq!(answer.body.len(), 1 << 20);
  let body = vec![b'x'; 100_000];
  let answer = server.request(
    "POST",
    "/echo",
    &[("Accept-Encoding", "gzip"), ("Content-Type", "text/plain")],
    Some(&body),
  );
  assert_eq!(answer.status, 200);
  assert_eq!(answer.header("content-encoding"), Some("gzip"));
  let length: usize = answer
    .header("content-length")
    .and_then(|v| v.parse().ok())
    .expect("a fixed body keeps a Content-Length");
  assert_eq!(length, answer.body.len());
  assert!(length < 1000, "100 kB of 'x' compress to {length} bytes");
  assert_eq!(crate::common::decode_body(&answer), body);
}

/// The resident set of this process (server and client both live here;
/// the client keeps no body), in bytes.
fn rss() -> u64 {
  let status =
    std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
  status
    .lines()
    .find_map(|l| l.strip_prefix("VmRSS:"))
    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    .expect("VmRSS")
    * 1024
}

const MIB: u64 = 1 << 20;
/// How much the process may grow while a body far larger flows through:
/// the bounded pipeline holds a few MiB; the rest is the handler's spent
/// chunks, which V8 frees once its young generation's ArrayBuffer bytes
/// reach 64 MiB (twice its 32 MiB maximum semi-space, a constant).
const RSS_BOUND: u64 = 96 * MIB;

#[test]
fn a_gigabyte_to_a_slow_reader_keeps_memory_bounded() {
  let _serial = serial();
  let server = TestServer::start("test-apps/streaming");
  // Warm the route so the isolate's own memory is in the baseline.
  assert_eq!(server.request("GET", "/huge?mb=1", &[], None).status, 200);
  let baseline = rss();
  let mut stream = open_get(&server, "/huge?mb=1024");
  // Not reading at all for a while: the producer must wait, not buffer.
  std::thread::sleep(Duration::from_millis(500));
  let mut peak = rss();
  let stalled = peak.saturating_sub(baseline);
  let started = Instant::now();
  let mut total = 0u64;
  let mut buf = vec![0u8; 256 * 1024];
  let mut reads = 0u64;
  loop {
    let n = stream.read(&mut buf).expect("read");
    if n == 0 {
      break;
    }
    total += n as u64;
    reads += 1;
    if reads.is_multiple_of(64) {
      // A slow reader: pauses now and then, and the RSS is sampled.
      std::thread::sleep(Duration::from_millis(1));
      peak = peak.max(rss());
    }
  }
  let elapsed = started.elapsed();
  let grown = peak.saturating_sub(baseline);
  eprintln!(
    "1 GiB streamed in {elapsed:?} ({:.0} MiB/s); RSS baseline {} MiB, +{} MiB while stalled, peak +{} MiB",
    1024.0 / elapsed.as_secs_f64(),
    baseline / MIB,
    stalled / MIB,
    grown / MIB
  );
  assert!(
    total >= 1024 * MIB,
    "the whole body arrived ({total} bytes)"
  );
  assert!(
    grown < RSS_BOUND,
    "RSS grew by {} MiB while streaming 1 GiB",
    grown / MIB
  );
}

/// A deterministic byte pattern and its FNV-1a, as the handler computes it.
fn pattern(i: u64) -> u8 {
  (i.wrapping_mul(31) ^ (i >> 7)) as u8
}

fn fnv1a(len: u64) -> String {
  let mut hash: u32 = 0x811c_9dc5;
  for i in 0..len {
    hash ^= u32::from(pattern(i));
    hash = hash.wrapping_mul(0x0100_0193);
  }
  format!("{hash:x}")
}

/// A GET whose answer the test reads as it likes, over the suite's
/// protocol: the raw bytes of the HTTP/1.1 answer (head and framing
/// included), or the body's over h2c, where the server learns of a reader
/// that stops from HTTP/2's flow control instead of TCP's.
fn open_get(server: &TestServer, path: &str) -> Box<dyn Read> {
  match protocol() {
    Protocol::H2c => Box::new(h2c::get_reader(server.addr, path)),
    Protocol::Http1 => {
      let mut stream = TcpStream::connect(server.addr).expect("connect");
      stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
      write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
      )
      .expect("write");
      Box::new(stream)
    }
  }
}

/// `len` bytes of the pattern in pieces of 64 KiB.
fn pieces(len: u64) -> impl Iterator<Item = Vec<u8>> + Send + Unpin {
  const PIECE: u64 = 64 * 1024;
  (0..len.div_ceil(PIECE)).map(move |i| {
    let start = i * PIECE;
    (start..(start + PIECE).min(len)).map(pattern).collect()
  })
}

/// Streams `len` bytes of the pattern as a POST body over the suite's
/// protocol, its length declared or not (HTTP/1.1: chunked; HTTP/2: DATA
/// frames with no `content-length`).
fn upload(
  server: &TestServer,
  len: u64,
  declared: bool,
) -> crate::common::RawResponse {
  const TYPE: (&str, &str) = ("content-type", "application/octet-stream");
  if protocol() == Protocol::H2c {
    return h2c::upload(
      server.addr,
      "/upload",
      &[TYPE],
      declared.then_some(len),
      pieces(len),
    );
  }
  let mut stream = TcpStream::connect(server.addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(60)))
    .expect("timeout");
  let framing = if declared {
    format!("Content-Length: {len}")
  } else {
    "Transfer-Encoding: chunked".to_owned()
  };
  write!(
    stream,
    "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: {}\r\n{framing}\r\nConnection: close\r\n\r\n",
    TYPE.1
  )
  .expect("write head");
  for piece in pieces(len) {
    let result = if declared {
      stream.write_all(&piece)
    } else {
      write!(stream, "{:x}\r\n", piece.len())
        .and_then(|()| stream.write_all(&piece))
        .and_then(|()| stream.write_all(b"\r\n"))
    };
    if result.is_err() {
      // The server answered early (413) and closed.
      break;
    }
  }
  if !declared {
    let _ = stream.write_all(b"0\r\n\r\n");
  }
  let mut raw = Vec::new();
  let _ = stream.read_to_end(&mut raw);
  crate::common::parse_response(&raw, false)
}

#[test]
fn a_50_mib_upload_is_checksummed_as_it_streams() {
  let _serial = serial();
  let limit = 50 * MIB;
  let server = TestServer::start_with_body_limit("test-apps/streaming", limit);
  assert_eq!(upload(&server, 1024, true).status, 200);
  let baseline = rss();
  let started = Instant::now();
  let answer = upload(&server, limit, true);
  let elapsed = started.elapsed();
  let grown = rss().saturating_sub(baseline);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let got: serde_json::Value =
    serde_json::from_slice(&answer.body).expect("JSON");
  eprintln!(
    "50 MiB upload checksummed in {elapsed:?} ({:.0} MiB/s), {} chunks, largest {} bytes; RSS +{} MiB",
    50.0 / elapsed.as_secs_f64(),
    got["chunks"],
    got["largest"],
    grown / MIB
  );
  assert_eq!(got["bytes"], limit);
  assert_eq!(got["fnv1a"], fnv1a(limit), "the handler saw every byte");
  assert!(
    got["chunks"].as_u64().unwrap_or_default() > 100,
    "the body arrived in pieces, not as one buffer: {got}"
  );
  assert!(grown < RSS_BOUND, "RSS grew by {} MiB", grown / MIB);

  // One byte over the limit: 413, declared or streamed.
  for declared in [true, false] {
    let answer = upload(&server, limit + 1, declared);
    assert_eq!(answer.status, 413, "declared={declared}: {}", answer.text());
  }
}
