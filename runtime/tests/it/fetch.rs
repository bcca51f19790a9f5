//! Outgoing `fetch()` from handlers (deno_fetch): a proxied stream arrives
//! at the client as the upstream sends it, request bodies go upstream,
//! `.json()` works, and a failed fetch is a catchable TypeError.

use std::time::Duration;

use crate::common::TestServer;
use crate::common::upstream::Upstream;

fn encode(url: &str) -> String {
  url
    .bytes()
    .map(|b| match b {
      b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
        (b as char).to_string()
      }
      _ => format!("%{b:02X}"),
    })
    .collect()
}

#[test]
fn a_proxied_upstream_stream_arrives_chunk_by_chunk() {
  let upstream = Upstream::start();
  let server = TestServer::start("test-apps/streaming");
  let tick = encode(&format!("{}/tick?n=4&ms=200", upstream.url()));
  let path = format!("/proxy?upstream={tick}");
  // Warm the isolate so timings measure the proxying.
  assert_eq!(server.request("GET", &path, &[], None).status, 200);

  let ticks = ["tick 0", "tick 1", "tick 2", "tick 3"];
  let (times, answer) = crate::common::arrivals(&server, &path, "", &ticks);
  eprintln!("proxied chunk arrivals: {times:?}");
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), "tick 0\ntick 1\ntick 2\ntick 3\n");
  assert_eq!(times.len(), 4);
  assert!(
    times[0] < Duration::from_millis(150),
    "first at {:?}",
    times[0]
  );
  for pair in times.windows(2) {
    assert!(
      pair[1] - pair[0] >= Duration::from_millis(150),
      "chunks arrive as the upstream sends them (200 ms apart): {times:?}"
    );
  }
}

#[test]
fn request_bodies_stream_upstream_and_json_reads_the_answer() {
  let upstream = Upstream::start();
  let server = TestServer::start("test-apps/streaming");
  let body: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
  let echo = encode(&format!("{}/echo", upstream.url()));
  let answer = server.request(
    "POST",
    &format!("/proxy?upstream={echo}"),
    &[("Content-Type", "application/octet-stream")],
    Some(&body),
  );
  assert_eq!(answer.status, 200, "{}", answer.text());
  assert_eq!(answer.header("x-upstream-status"), Some("200"));
  assert_eq!(answer.body, body, "1 MB went upstream and back intact");

  let json = encode(&format!("{}/json", upstream.url()));
  let answer =
    server.request("GET", &format!("/fetch/json?upstream={json}"), &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), r#"{"hello":"upstream","items":[1,2,3]}"#);
}

#[test]
fn a_failing_fetch_rejects_with_a_type_error() {
  let upstream = Upstream::start();
  let server = TestServer::start("test-apps/streaming");
  // TLS to a server that speaks plain HTTP: the handshake fails.
  let https = encode(&format!("https://{}/json", upstream.addr));
  let answer =
    server.request("GET", &format!("/fetch/error?upstream={https}"), &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), r#"{"ok":false,"name":"TypeError"}"#);
  // Nothing listens on port 1.
  let closed = encode("http://127.0.0.1:1/");
  let answer = server.request(
    "GET",
    &format!("/fetch/error?upstream={closed}"),
    &[],
    None,
  );
  assert_eq!(answer.text(), r#"{"ok":false,"name":"TypeError"}"#);
}
