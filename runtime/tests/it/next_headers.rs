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

/// The server normalises the query once, when it builds `request.url`
/// (grouped keys, form encoding); `nextUrl` follows it and a `NextRequest`
/// the handler builds keeps its own search, as Next.js's `NextURL` does.
#[test]
fn the_query_is_normalised_once_by_the_server() {
  let server = TestServer::start("test-apps/next-concurrency");
  let answer = server.request("GET", "/next-url?b=1&a=2&b=3&flag", &[], None);
  assert_eq!(answer.status, 200);
  let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
  let port = server.addr.port();
  assert_eq!(
    body["url"],
    format!("http://localhost:{port}/next-url?b=1&b=3&a=2&flag=")
  );
  assert_eq!(body["nextUrl"], "?b=1&b=3&a=2&flag=");
  assert_eq!(body["own"], "?b=1&a=2&b=3&flag");
}
