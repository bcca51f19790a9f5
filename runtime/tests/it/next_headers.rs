//! next/headers finds the current request through V8's async context:
//! concurrent requests in one isolate never see each other's headers or
//! cookies, across awaits, timers and streams.

use std::thread;

use crate::common::TestServer;
use serde_json::Value;

#[test]
fn fifty_concurrent_requests_each_see_their_own_headers_and_cookies() {
  let server = TestServer::start("test-apps/next-concurrency");
  let addr = server.addr;
  // Repeated rounds: interleavings differ every time.
  for round in 0..5 {
    let workers: Vec<_> = (0..50)
      .map(|i| {
        thread::spawn(move || {
          let id = format!("r{round}-{i}");
          let cookie = format!("id={id}; other=x");
          let answer = crate::common::raw_request(
            addr,
            "GET",
            &format!("/echo?id={id}"),
            &[("x-id", id.as_str()), ("cookie", cookie.as_str())],
            None,
          );
          (id, answer)
        })
      })
      .collect();
    for worker in workers {
      let (id, answer) = worker.join().expect("request thread");
      assert_eq!(answer.status, 200, "{id}: {}", answer.text());
      let body: Value = serde_json::from_str(&answer.text()).expect("json");
      for key in ["before", "after", "cookie", "fromStream", "nextUrlId"] {
        assert_eq!(body[key], id.as_str(), "{key} of {id}: {body}");
      }
      assert_eq!(
        answer.headers.get("set-cookie"),
        Some(&vec![format!("seen={id}; Path=/")]),
        "{id}"
      );
    }
  }
}

#[test]
fn next_modules_are_built_in_even_with_next_in_node_modules() {
  let server = TestServer::start("test-apps/next-shadow");
  let answer =
    server.request("GET", "/", &[("user-agent", "shadow-test")], None);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let body: Value = serde_json::from_str(&answer.text()).expect("json");
  assert_eq!(
    body,
    serde_json::json!({ "builtIn": true, "path": "/", "ua": "shadow-test" })
  );
}
