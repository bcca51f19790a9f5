//! Request bodies and headers reach the handler intact: ~1 MB JSON, text
//! and binary bodies echo back exactly, chunked uploads included, and
//! repeated headers keep every value.
//!
//! Fixture: `test-apps/bodies`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{TestServer, parse_response};
use serde_json::{Value, json};

const APP: &str = "test-apps/bodies";
const MIB: usize = 1024 * 1024;

/// About 1 MiB of text with 1-, 2-, 3- and 4-byte UTF-8 characters, so
/// some land across the chunks the body arrives in.
fn big_text() -> String {
  let mut text = String::with_capacity(MIB + 64);
  let mut line = 0;
  while text.len() < MIB {
    text.push_str(&format!("line {line}: héllo wörld ✓ 🦀\n"));
    line += 1;
  }
  text
}

#[test]
fn json_body_of_1_mib_round_trips() {
  let server = TestServer::start(APP);
  // Numbers JS prints as serde_json does (no integral floats: JS writes
  // 2.0 as 2).
  let items: Vec<Value> = (0..12_000)
    .map(|i| {
      json!({
        "id": i,
        "name": format!("item {i} — ünïcødé ✓"),
        "tags": ["a", "b", i % 7],
        "nested": { "ok": i % 2 == 0, "ratio": (f64::from(i) + 0.5) / 8.0 },
      })
    })
    .collect();
  let sent = Value::Array(items);
  let body = serde_json::to_vec(&sent).expect("serialize");
  assert!(body.len() > MIB, "only {} bytes", body.len());
  let answer = server.request(
    "POST",
    "/json",
    &[("content-type", "application/json")],
    Some(&body),
  );
  assert_eq!(answer.status, 200, "body: {:.200}", answer.text());
  assert_eq!(answer.header("x-items"), Some("12000"));
  let got: Value = serde_json::from_slice(&answer.body).expect("JSON answer");
  assert!(got == sent, "the JSON came back different");
}

#[test]
fn text_body_of_1_mib_round_trips() {
  let server = TestServer::start(APP);
  let text = big_text();
  let answer = server.request(
    "POST",
    "/text",
    &[("content-type", "text/plain; charset=utf-8")],
    Some(text.as_bytes()),
  );
  assert_eq!(answer.status, 200);
  let utf16_length = text.encode_utf16().count().to_string();
  assert_eq!(answer.header("x-text-length"), Some(utf16_length.as_str()));
  assert_eq!(answer.body.len(), text.len());
  assert!(
    answer.body == text.as_bytes(),
    "the text came back different"
  );
}

#[test]
fn binary_body_of_1_mib_round_trips() {
  let server = TestServer::start(APP);
  // Every byte value, in an order that does not repeat every 256 bytes.
  let body: Vec<u8> = (0..MIB as u32)
    .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
    .collect();
  let answer = server.request(
    "POST",
    "/bytes",
    &[("content-type", "application/octet-stream")],
    Some(&body),
  );
  assert_eq!(answer.status, 200);
  assert_eq!(
    answer.header("x-byte-length"),
    Some(MIB.to_string().as_str())
  );
  assert!(answer.body == body, "the bytes came back different");
}

#[test]
fn chunked_upload_round_trips() {
  let server = TestServer::start(APP);
  let text = big_text();
  let mut stream = TcpStream::connect(server.addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(30)))
    .expect("timeout");
  let head = format!(
    "POST /text HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\n\
     Connection: close\r\n\r\n",
    server.addr
  );
  stream.write_all(head.as_bytes()).expect("write head");
  // Uneven chunk sizes, so chunk ends fall inside UTF-8 sequences.
  for chunk in text.as_bytes().chunks(65_537) {
    stream
      .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
      .expect("write chunk size");
    stream.write_all(chunk).expect("write chunk");
    stream.write_all(b"\r\n").expect("write chunk end");
  }
  stream.write_all(b"0\r\n\r\n").expect("write last chunk");
  let mut raw = Vec::new();
  stream.read_to_end(&mut raw).expect("read answer");
  let answer = parse_response(&raw, false);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.body.len(), text.len());
  assert!(
    answer.body == text.as_bytes(),
    "the text came back different"
  );
}

#[test]
fn repeated_request_headers_keep_every_value() {
  let server = TestServer::start(APP);
  let answer = server.request(
    "GET",
    "/headers",
    &[
      ("X-Multi", "first"),
      ("X-Single", "only"),
      ("X-Multi", "second, third"),
      ("x-multi", "fourth"),
    ],
    None,
  );
  assert_eq!(answer.status, 200, "body: {}", answer.text());
  let got: Value = serde_json::from_slice(&answer.body).expect("JSON answer");
  assert_eq!(
    got,
    json!({
      "multi": "first, second, third, fourth",
      "single": "only",
      // x-forwarded-* are added by the server, as `next start` adds them.
      "entries": [
        ["x-forwarded-for", "127.0.0.1"],
        ["x-forwarded-host", format!("127.0.0.1:{}", server.addr.port())],
        ["x-forwarded-port", server.addr.port().to_string()],
        ["x-forwarded-proto", "http"],
        ["x-multi", "first, second, third, fourth"],
        ["x-single", "only"],
      ],
    })
  );
}

#[test]
fn bodies_over_the_limit_get_413() {
  let server = TestServer::start_with_body_limit(APP, 1024);
  // Declared too large: answered before the body is read.
  let mut stream = TcpStream::connect(server.addr).expect("connect");
  stream
    .write_all(
      b"POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\nConnection: close\r\n\r\n",
    )
    .expect("write");
  let mut raw = Vec::new();
  stream.read_to_end(&mut raw).expect("read");
  let answer = parse_response(&raw, false);
  assert_eq!(answer.status, 413);
  assert!(answer.text().contains("1024 bytes"), "{}", answer.text());
  // Streamed (chunked) past the limit while the handler reads it.
  let chunk = "a".repeat(600);
  let mut stream = TcpStream::connect(server.addr).expect("connect");
  let request = format!(
    "POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n"
  );
  stream.write_all(request.as_bytes()).expect("write");
  let mut raw = Vec::new();
  stream.read_to_end(&mut raw).expect("read");
  assert_eq!(parse_response(&raw, false).status, 413);
  // At the limit: accepted.
  let body = "b".repeat(1024);
  let answer = server.request("POST", "/text", &[], Some(body.as_bytes()));
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), body);
}
