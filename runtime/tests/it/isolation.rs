//! What one request can and cannot see of another: per-route globals,
//! module state, concurrent requests in one isolate, keep-alive
//! connections and failures that must not take a route down.
//!
//! Fixture: `test-apps/isolation`.

use crate::common::keep_alive::Connection;
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
