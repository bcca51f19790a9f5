//! What one request can and cannot see of another: per-route globals,
//! module state, concurrent requests in one isolate, keep-alive
//! connections and failures that must not take a route down.
//!
//! Fixture: `test-apps/isolation`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use crate::common::{RawResponse, TestServer, raw_request};
use serde_json::{Value, json};

const APP: &str = "test-apps/isolation";

fn json_of(answer: &RawResponse) -> Value {
  assert_eq!(answer.status, 200, "body: {}", answer.text());
  serde_json::from_slice(&answer.body)
    .unwrap_or_else(|e| panic!("{e}: {:?}", answer.text()))
}

fn get_json(server: &TestServer, path: &str) -> Value {
  json_of(&server.request("GET", path, &[], None))
}

#[test]
fn routes_do_not_share_globals() {
  let server = TestServer::start(APP);
  // Each route sees only the value it set itself.
  assert_eq!(get_json(&server, "/global/a"), json!({ "before": null }));
  assert_eq!(get_json(&server, "/global/b"), json!({ "before": null }));
  assert_eq!(
    get_json(&server, "/global/a"),
    json!({ "before": "set by a" })
  );
  assert_eq!(
    get_json(&server, "/global/b"),
    json!({ "before": "set by b" })
  );
  assert_eq!(
    get_json(&server, "/global/b"),
    json!({ "before": "set by b" })
  );
  assert_eq!(
    get_json(&server, "/global/a"),
    json!({ "before": "set by a" })
  );
}

#[test]
fn module_state_persists_across_requests_to_a_route() {
  let server = TestServer::start(APP);
  for count in 1..=3 {
    assert_eq!(get_json(&server, "/counter"), json!({ "count": count }));
  }
}

#[test]
fn concurrent_requests_each_get_their_own_answer() {
  let server = TestServer::start(APP);
  let addr = server.addr;
  let clients: Vec<_> = (0..50)
    .map(|i| {
      std::thread::spawn(move || {
        let id = i.to_string();
        let answer = raw_request(
          addr,
          "GET",
          &format!("/echo?id={id}"),
          &[("x-id", &id)],
          None,
        );
        (id, answer)
      })
    })
    .collect();
  for client in clients {
    let (id, answer) = client.join().expect("client thread");
    assert_eq!(
      json_of(&answer),
      json!({ "before": id, "after": id, "header": id }),
      "request {id}"
    );
  }
}

/// An HTTP/1.1 client that keeps one connection open.
struct Connection {
  stream: TcpStream,
  addr: SocketAddr,
  /// Bytes read past the previous answer.
  buffered: Vec<u8>,
}

impl Connection {
  fn open(addr: SocketAddr) -> Connection {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
      .set_read_timeout(Some(Duration::from_secs(30)))
      .expect("timeout");
    Connection {
      stream,
      addr,
      buffered: Vec::new(),
    }
  }

  /// Writes a GET without `Connection: close`.
  fn send_get(&mut self, path: &str) {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
    self
      .stream
      .write_all(head.as_bytes())
      .expect("write request");
  }

  /// Reads exactly one answer (the server sends Content-Length for every
  /// answer these routes give).
  fn read_answer(&mut self) -> RawResponse {
    let head_end = loop {
      if let Some(end) = self.buffered.windows(4).position(|w| w == b"\r\n\r\n")
      {
        break end + 4;
      }
      self.fill();
    };
    let head = String::from_utf8_lossy(&self.buffered[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
      .next()
      .and_then(|line| line.split(' ').nth(1))
      .and_then(|code| code.parse().ok())
      .unwrap_or_else(|| panic!("bad status line in {head:?}"));
    let mut answer = RawResponse {
      status,
      headers: Default::default(),
      body: Vec::new(),
    };
    for line in lines {
      if let Some((name, value)) = line.split_once(':') {
        answer
          .headers
          .entry(name.trim().to_ascii_lowercase())
          .or_default()
          .push(value.trim().to_owned());
      }
    }
    let length: usize = answer
      .header("content-length")
      .unwrap_or_else(|| panic!("no content-length in {head:?}"))
      .parse()
      .expect("content-length");
    while self.buffered.len() < head_end + length {
      self.fill();
    }
    answer.body = self.buffered[head_end..head_end + length].to_vec();
    self.buffered.drain(..head_end + length);
    answer
  }

  fn get(&mut self, path: &str) -> RawResponse {
    self.send_get(path);
    self.read_answer()
  }

  fn fill(&mut self) {
    let mut chunk = [0u8; 8192];
    let n = self.stream.read(&mut chunk).expect("read");
    assert!(n > 0, "the server closed the connection");
    self.buffered.extend_from_slice(&chunk[..n]);
  }
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
  let server = TestServer::start(APP);
  let mut conn = Connection::open(server.addr);
  for count in 1..=3 {
    let answer = conn.get("/counter");
    assert_ne!(answer.header("connection"), Some("close"));
    assert_eq!(json_of(&answer), json!({ "count": count }));
  }
  // Another route, a failing one and an unknown path on the same socket.
  assert_eq!(json_of(&conn.get("/global/a")), json!({ "before": null }));
  let failed = conn.get("/flaky?fail=1");
  assert_eq!(failed.status, 500);
  assert!(failed.body.is_empty());
  assert_eq!(conn.get("/no/such/route").status, 404);
  assert_eq!(json_of(&conn.get("/counter")), json!({ "count": 4 }));
}

#[test]
fn keep_alive_answers_pipelined_requests_in_order() {
  let server = TestServer::start(APP);
  let mut conn = Connection::open(server.addr);
  for id in 0..5 {
    conn.send_get(&format!("/echo?id={id}"));
  }
  for id in 0..5 {
    let id = id.to_string();
    assert_eq!(
      json_of(&conn.read_answer()),
      json!({ "before": id, "after": id, "header": null })
    );
  }
}

#[test]
fn a_throwing_route_answers_500_and_keeps_serving() {
  let server = TestServer::start(APP);
  for _ in 0..2 {
    let failed = server.request("GET", "/flaky?fail=1", &[], None);
    assert_eq!(failed.status, 500);
    assert!(failed.body.is_empty(), "body: {:?}", failed.text());
  }
  // Same isolate (its module state counted the failed requests too).
  assert_eq!(get_json(&server, "/flaky"), json!({ "seen": 3 }));
  assert_eq!(get_json(&server, "/counter"), json!({ "count": 1 }));
  let failed = server.request("GET", "/flaky?fail=1", &[], None);
  assert_eq!(failed.status, 500);
  assert_eq!(get_json(&server, "/flaky"), json!({ "seen": 5 }));
}
