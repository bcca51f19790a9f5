//! Segment config: prerendered GET handlers are run once per path and their
//! answer served after that; `revalidate = N` regenerates in the background
//! (stale-while-revalidate).

use std::time::{Duration, Instant};

use crate::common::TestServer;
use serde_json::Value;

fn json(server: &TestServer, path: &str) -> Value {
  let answer = server.request("GET", path, &[], None);
  assert_eq!(answer.status, 200, "{path}: {}", answer.text());
  serde_json::from_str(&answer.text()).expect("json body")
}

#[test]
fn force_static_renders_each_path_once_and_ignores_the_query() {
  let server = TestServer::start("test-apps/segment");
  let a = json(&server, "/static/a");
  assert_eq!(a["slug"], "a");
  assert_eq!(a["renders"], 1);
  assert_eq!(json(&server, "/static/a?x=1")["renders"], 1);
  let b = json(&server, "/static/b");
  assert_eq!(
    (b["slug"].as_str(), b["renders"].as_u64()),
    (Some("b"), Some(2))
  );
  assert_eq!(json(&server, "/static/a")["renders"], 1);
  // HEAD answers from the stored answer, headers included, with
  // `next start`'s ISR headers for an answer that never goes stale.
  let head = server.request("HEAD", "/static/a", &[], None);
  assert_eq!(head.status, 200);
  assert_eq!(head.header("x-rendered"), Some("1"));
  assert_eq!(head.header("x-nextjs-cache"), Some("HIT"));
  assert_eq!(head.header("cache-control"), Some("s-maxage=31536000"));
  assert!(head.body.is_empty());
  // Another method, OPTIONS included: a stored path answers it as it
  // answers GET, a path not rendered yet is an empty 405 (the dynamic
  // route's answers on `next start`: test-apps/isr has Next's own).
  for method in ["POST", "OPTIONS"] {
    let answer = server.request(method, "/static/a", &[], Some(b""));
    assert_eq!(answer.status, 200, "{method}");
    assert_eq!(answer.header("x-rendered"), Some("1"));
    assert_eq!(answer.header("x-nextjs-cache"), Some("HIT"));
    let answer = server.request(method, "/static/never", &[], Some(b""));
    assert_eq!(answer.status, 405, "{method}");
    assert_eq!(answer.header("x-nextjs-cache"), Some("MISS"));
    assert_eq!(answer.text(), "");
  }
  // ... and it stays unrendered: the 405 is not kept.
  assert_eq!(json(&server, "/static/never")["renders"], 3);
}

#[test]
fn revalidate_serves_stale_then_the_regenerated_answer() {
  let server = TestServer::start("test-apps/segment");
  let first = json(&server, "/isr?ignored=1");
  assert_eq!(first["renders"], 1, "rendered once, at startup");
  // `next start`'s ISR headers: HIT for the answer rendered at startup
  // (`next build`), then STALE; the same Cache-Control on each, as
  // Next.js sends it.
  const CACHE_CONTROL: &str = "s-maxage=1, stale-while-revalidate=31535999";
  let isr = |state: &str| {
    let answer = server.request("GET", "/isr", &[], None);
    assert_eq!(answer.header("x-nextjs-cache"), Some(state));
    assert_eq!(answer.header("cache-control"), Some(CACHE_CONTROL));
    serde_json::from_slice::<serde_json::Value>(&answer.body).expect("JSON")
  };
  assert_eq!(isr("HIT")["renders"], 1);
  std::thread::sleep(Duration::from_millis(1100));
  // Stale: still the old answer, while a regeneration starts.
  assert_eq!(isr("STALE")["renders"], 1);
  let deadline = Instant::now() + Duration::from_secs(10);
  loop {
    let renders = json(&server, "/isr")["renders"].as_u64();
    if renders == Some(2) {
      break;
    }
    assert_eq!(renders, Some(1), "only one regeneration at a time");
    assert!(Instant::now() < deadline, "no regeneration within 10 s");
    std::thread::sleep(Duration::from_millis(20));
  }
}

#[test]
fn revalidate_path_drops_stored_answers_of_a_path_or_a_pattern() {
  let server = TestServer::start("test-apps/segment");
  assert_eq!(json(&server, "/static/a")["renders"], 1);
  assert_eq!(json(&server, "/static/b")["renders"], 2);
  assert_eq!(json(&server, "/static/a")["renders"], 1);
  let answer =
    server.request("POST", "/revalidate?path=/static/a", &[], Some(b""));
  assert_eq!(answer.status, 200, "{}", answer.text());
  // Only /static/a renders again.
  assert_eq!(json(&server, "/static/a")["renders"], 3);
  assert_eq!(json(&server, "/static/b")["renders"], 2);
  // A route pattern drops every path it serves.
  let answer = server.request(
    "POST",
    "/revalidate?path=/static/%5Bslug%5D",
    &[],
    Some(b""),
  );
  assert_eq!(answer.status, 200, "{}", answer.text());
  assert_eq!(json(&server, "/static/b")["renders"], 4);
  assert_eq!(json(&server, "/static/a")["renders"], 5);
}

#[test]
fn stored_answers_stay_within_their_byte_budget_least_recently_used_first() {
  let budget = 4096;
  let server = TestServer::start_with_config(
    "test-apps/segment",
    &edgeroute::AppConfig {
      prerender_bytes: budget,
      ..edgeroute::AppConfig::default()
    },
  );
  // Renders are told apart by `render`, whichever isolate made them.
  let first = json(&server, "/static/first")["render"].clone();
  assert_eq!(json(&server, "/static/first")["render"], first, "stored");
  let mut last = serde_json::Value::Null;
  for i in 0..200 {
    last = json(&server, &format!("/static/p{i}"))["render"].clone();
    assert!(server.app.prerendered_bytes() <= budget);
  }
  // `first` was the least recently used: dropped, so rendered again.
  let again = json(&server, "/static/first");
  assert_ne!(again["render"], first, "{again}");
  // A recently used path stays.
  assert_eq!(json(&server, "/static/p199")["render"], last);
}

/// Draft mode's cookie bypasses a stored answer, as on `next start`: the
/// handler runs for that request, whose answer is private; the stored
/// answer stays for everyone else.
#[test]
fn draft_mode_runs_the_handler_and_keeps_the_stored_answer() {
  let server = TestServer::start("test-apps/segment");
  assert_eq!(json(&server, "/static/d")["renders"], 1);
  let enabled = server.request("POST", "/draft", &[], Some(b""));
  assert_eq!(enabled.status, 200);
  let cookie = enabled
    .headers
    .get("set-cookie")
    .and_then(|values| values.first())
    .and_then(|line| line.split(';').next())
    .expect("draftMode().enable() sets a cookie")
    .to_owned();
  assert!(cookie.starts_with("__prerender_bypass="), "{cookie}");
  let draft = server.request("GET", "/static/d", &[("cookie", &cookie)], None);
  assert_eq!(draft.status, 200);
  assert_eq!(draft.header("x-nextjs-cache"), None);
  assert_eq!(
    draft.header("cache-control"),
    Some("private, no-cache, no-store, max-age=0, must-revalidate")
  );
  let body: Value = serde_json::from_slice(&draft.body).expect("JSON");
  assert_eq!(body["renders"], 2, "the handler ran for the draft request");
  // A cookie of another value (an old process's) is no bypass.
  let stale = ("cookie", "__prerender_bypass=0123abcd");
  let answer = server.request("GET", "/static/d", &[stale], None);
  assert_eq!(answer.header("x-nextjs-cache"), Some("HIT"));
  let answer = server.request("GET", "/static/d", &[], None);
  assert_eq!(answer.header("x-nextjs-cache"), Some("HIT"));
  let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
  assert_eq!(body["renders"], 1, "the stored answer is kept");
}

/// Six readers of a stale answer at once: they get it (STALE) until the
/// one regeneration is done, and exactly one runs, as on `next start`
/// (test-apps/isr's `revalidate = 2` route, whose render asks the counter
/// service).
#[test]
fn concurrent_stale_readers_start_one_regeneration() {
  let services = crate::common::services::Services::start("isr");
  let env: Vec<(&str, &str)> = services
    .env
    .iter()
    .map(|(k, v)| (k.as_str(), v.as_str()))
    .collect();
  let server = TestServer::start_with_env("test-apps/isr", &env);
  let counter = services
    .env
    .iter()
    .find(|(k, _)| k == "COUNTER_URL")
    .map(|(_, v)| v.clone())
    .expect("COUNTER_URL");
  std::thread::sleep(Duration::from_millis(2200));
  let addr = server.addr;
  let readers: Vec<_> = (0..6)
    .map(|_| {
      std::thread::spawn(move || {
        crate::common::raw_request(addr, "GET", "/revalidate-2", &[], None)
      })
    })
    .collect();
  // Each gets the stale answer built at startup, or (once the one
  // regeneration is done, which may beat the last readers) the new one.
  let mut stale = 0;
  for reader in readers {
    let answer = reader.join().expect("reader");
    assert_eq!(answer.status, 200);
    let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
    match (answer.header("x-nextjs-cache"), body["n"].as_u64()) {
      (Some("STALE"), Some(1)) => stale += 1,
      (Some("HIT"), Some(2)) => {}
      other => panic!("a reader got {other:?}"),
    }
  }
  assert!(stale >= 1, "the first reader got the stale answer");
  let deadline = Instant::now() + Duration::from_secs(10);
  loop {
    let answer = server.request("GET", "/revalidate-2", &[], None);
    let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
    if body["n"] == 2 {
      break;
    }
    assert!(Instant::now() < deadline, "no regeneration within 10 s");
    std::thread::sleep(Duration::from_millis(20));
  }
  // The counter was asked at startup and once more, by the one
  // regeneration: this is its third request.
  let url = format!("{counter}/count/revalidate-2");
  let addr: std::net::SocketAddr = url
    .trim_start_matches("http://")
    .split('/')
    .next()
    .and_then(|a| a.parse().ok())
    .expect("counter address");
  // The counter speaks HTTP/1.1 only.
  let answer = crate::common::raw_request_h1(
    addr,
    "GET",
    "/count/revalidate-2",
    &[],
    None,
  );
  let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
  assert_eq!(body["n"], 3, "exactly one regeneration");
}
