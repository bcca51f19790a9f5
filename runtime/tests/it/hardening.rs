//! Requests a client controls that must not cost the server: an open
//! redirect through backslashes, an oversized head, and HTTP/1.1's Host
//! rules. (The query rewrite's cost is a unit test of
//! `edgeroute_routes::url`.)

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{TestServer, parse_response, raw_request};

/// Sends `head` as written (no Host added) and reads the whole answer.
fn send(server: &TestServer, head: &str) -> crate::common::RawResponse {
  let mut stream = TcpStream::connect(server.addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(30)))
    .expect("timeout");
  stream.write_all(head.as_bytes()).expect("write");
  let mut raw = Vec::new();
  let _ = stream.read_to_end(&mut raw);
  parse_response(&raw, false)
}

#[test]
fn backslashes_never_make_a_location_that_leaves_the_site() {
  let server = TestServer::start("test-apps/limits");
  for (path, location) in [
    ("/\\evil.example/", "/evil.example/"),
    ("/\\\\evil.example//x", "/evil.example/x"),
    ("//evil.example", "/evil.example"),
    ("/ok/", "/ok"),
  ] {
    let answer = raw_request(server.addr, "GET", path, &[], None);
    assert_eq!(answer.status, 308, "{path}");
    assert_eq!(answer.header("location"), Some(location), "{path}");
  }
}

#[test]
fn a_head_over_16_kb_is_answered_431_before_any_work() {
  let server = TestServer::start("test-apps/limits");
  let big = "a".repeat(17 * 1024);
  let answer = send(
    &server,
    &format!("GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\n\r\n"),
  );
  assert_eq!(answer.status, 431);
  let fits = "a".repeat(15 * 1024);
  let answer = send(
    &server,
    &format!(
      "GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Big: {fits}\r\nConnection: close\r\n\r\n"
    ),
  );
  assert_eq!(answer.status, 200);
}

#[test]
fn http_1_1_needs_exactly_one_valid_host() {
  let server = TestServer::start("test-apps/limits");
  let status = |head: &str| send(&server, head).status;
  assert_eq!(
    status("GET /ok HTTP/1.1\r\nConnection: close\r\n\r\n"),
    400,
    "missing"
  );
  assert_eq!(
    status(
      "GET /ok HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"
    ),
    400,
    "duplicated"
  );
  assert_eq!(
    status("GET /ok HTTP/1.1\r\nHost: a b@c:x\r\nConnection: close\r\n\r\n"),
    400,
    "invalid"
  );
  assert_eq!(
    status(
      "GET /ok HTTP/1.1\r\nHost: example.com:8080\r\nConnection: close\r\n\r\n"
    ),
    200
  );
  assert_eq!(
    status("GET /ok HTTP/1.0\r\n\r\n"),
    200,
    "HTTP/1.0 may omit it"
  );
}

#[test]
fn dynamic_imports_stay_inside_the_project_and_read_only_regular_files() {
  let server = TestServer::start("test-apps/limits");
  let outside = std::env::temp_dir()
    .join(format!("edgeroute-outside-{}.mjs", std::process::id()));
  std::fs::write(&outside, "export const secret = 'canary-outside';\n")
    .expect("write");
  let outside_url = format!("file://{}", outside.display());
  // Enough `..` to reach `/` from any checkout depth.
  let climb = format!("{}etc/passwd", "../".repeat(40));
  for target in [
    "file:///etc/passwd",
    "/etc/passwd",
    climb.as_str(),
    "file:///dev/zero",
    "file:///proc/self/environ",
    outside_url.as_str(),
  ] {
    let started = std::time::Instant::now();
    let path = format!("/escape?url={}", target.replace('/', "%2F"));
    let answer = raw_request(server.addr, "GET", &path, &[], None);
    let took = started.elapsed();
    assert_eq!(answer.status, 200, "{target}");
    let body: serde_json::Value =
      serde_json::from_slice(&answer.body).expect("JSON");
    let error = body["error"].as_str().unwrap_or_default();
    assert_eq!(body["loaded"], false, "{target}: {body}");
    assert!(error.contains("not allowed"), "{target}: {error}");
    assert!(
      !error.contains("root:") && !error.contains("canary"),
      "{target} leaks: {error}"
    );
    assert!(took < Duration::from_secs(5), "{target} took {took:?}");
  }
  let _ = std::fs::remove_file(outside);
}

#[test]
fn two_thousand_cookies_cost_the_cookie_store_milliseconds() {
  // `cookies()` built its store with one full re-serialisation per cookie
  // (2,000 cookies: 816 ms; 7,000 ran into the CPU limit and took the
  // isolate's other requests with it). 2,000 short cookies fit Node's
  // 16 KB head; past that the head is answered 431 before any work.
  let server = TestServer::start("test-apps/next-apis");
  let names: Vec<String> = (0..2000)
    .map(|i| format!("{}{}", char::from(b'a' + (i / 100) as u8), i % 100))
    .collect();
  let header = names
    .iter()
    .map(|name| format!("{name}=1"))
    .collect::<Vec<_>>()
    .join("; ");
  assert!(header.len() < 16 * 1024, "{} bytes", header.len());
  let path = "/headers/cookies-get";
  let warm = server.request("GET", path, &[("cookie", "a=1")], None);
  assert_eq!(warm.status, 200);
  let started = std::time::Instant::now();
  let answer = server.request("GET", path, &[("cookie", &header)], None);
  let took = started.elapsed();
  assert_eq!(answer.status, 200);
  let body: serde_json::Value =
    serde_json::from_slice(&answer.body).expect("JSON");
  let seen = body["before"]["getAll"].as_array().map(Vec::len);
  assert_eq!(seen, Some(2000));
  assert!(took < Duration::from_millis(300), "took {took:?}");
}
