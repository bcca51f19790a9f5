//! Limits: a busy loop is stopped at the CPU limit (which counts CPU time,
//! not time spent blocked), unbounded allocation
//! at the heap limit (the process survives), a slow handler at its
//! `maxDuration`; each costs its own request a 5xx while other routes
//! answer normally, and the route serves again afterwards.

use std::time::{Duration, Instant};

use crate::common::TestServer;
use edgeroute::{AppConfig, IsolateConfig, IsolateLimits};

fn config(limits: IsolateLimits) -> AppConfig {
  AppConfig {
    isolates: IsolateConfig {
      limits,
      ..IsolateConfig::default()
    },
    ..AppConfig::default()
  }
}

#[test]
fn a_busy_loop_is_stopped_at_the_cpu_limit_while_other_routes_serve() {
  let cpu = Duration::from_millis(300);
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &config(IsolateLimits {
      cpu,
      ..IsolateLimits::default()
    }),
  );
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  let addr = server.addr;
  let spin = std::thread::spawn(move || {
    let started = Instant::now();
    let answer = crate::common::raw_request(addr, "GET", "/spin", &[], None);
    (answer.status, started.elapsed())
  });
  let others: Vec<_> = (0..100)
    .map(|_| {
      std::thread::spawn(move || {
        crate::common::raw_request(addr, "GET", "/ok", &[], None).status
      })
    })
    .collect();
  let statuses: Vec<u16> = others
    .into_iter()
    .map(|t| t.join().expect("request thread"))
    .collect();
  let (status, took) = spin.join().expect("spin thread");
  eprintln!("busy loop answered {status} after {took:?}");
  assert_eq!(status, 500, "the runaway request gets a 500");
  assert!(
    took < cpu + Duration::from_millis(1500),
    "stopped near the CPU limit, not later: {took:?}"
  );
  assert!(
    statuses.iter().all(|s| *s == 200),
    "all 100 requests to another route succeed: {statuses:?}"
  );
  // The route gets a fresh isolate (and is stopped again).
  assert_eq!(server.request("GET", "/spin", &[], None).status, 500);
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  // Both breaches are counted, by route and kind.
  assert_breaches(&server, "/spin", "cpu", 2);
}

/// The metrics count `n` breaches of `kind` for `route`.
fn assert_breaches(server: &TestServer, route: &str, kind: &str, n: u32) {
  let text = server.app.metrics_text();
  let series = format!(
    r#"edgeroute_route_limit_breaches_total{{route="{route}",kind="{kind}"}} {n}"#
  );
  assert!(
    text.lines().any(|line| line == series),
    "{series} in:\n{text}"
  );
}

#[test]
fn the_cpu_limit_counts_cpu_time_not_time_spent_blocked() {
  let cpu = Duration::from_millis(300);
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &config(IsolateLimits {
      cpu,
      ..IsolateLimits::default()
    }),
  );
  // JS holds its thread three times the limit, asleep in Atomics.wait:
  // wall time, not CPU time.
  let started = Instant::now();
  let answer = server.request("GET", "/block?ms=900", &[], None);
  let took = started.elapsed();
  eprintln!("blocked handler answered {} after {took:?}", answer.status);
  assert_eq!(answer.status, 200, "a blocked handler is not a CPU breach");
  assert_eq!(answer.text(), "timed-out");
  assert!(took >= Duration::from_millis(900), "{took:?}");
  // The same limit stops JS that burns the CPU.
  assert_eq!(server.request("GET", "/spin", &[], None).status, 500);
}

#[test]
fn unbounded_allocation_is_stopped_at_the_heap_limit() {
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &config(IsolateLimits {
      heap: 64 << 20,
      cpu: Duration::from_secs(20),
    }),
  );
  let started = Instant::now();
  let answer = server.request("GET", "/alloc?grow=1", &[], None);
  eprintln!(
    "heap breach answered {} after {:?}",
    answer.status,
    started.elapsed()
  );
  assert_eq!(answer.status, 500);
  // The process is alive and the route serves again.
  let answer = server.request("GET", "/alloc", &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), "alive");
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  assert_breaches(&server, "/alloc", "heap", 1);
}

#[test]
fn array_buffers_count_against_the_heap_limit() {
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &config(IsolateLimits {
      heap: 64 << 20,
      cpu: Duration::from_secs(20),
    }),
  );
  // Under the limit: answered.
  let small = server.request("GET", "/hog-buffers?mib=32", &[], None);
  assert_eq!(small.status, 200, "{}", small.text());
  // 512 MiB of backing stores under a 64 MiB limit: stopped, as a heap
  // breach; the route serves again.
  let started = Instant::now();
  let big = server.request("GET", "/hog-buffers?mib=512", &[], None);
  eprintln!(
    "buffer hog answered {} after {:?}",
    big.status,
    started.elapsed()
  );
  assert_eq!(big.status, 500, "{}", big.text());
  assert_eq!(
    server
      .request("GET", "/hog-buffers?mib=16", &[], None)
      .status,
    200
  );
}

#[test]
fn max_duration_answers_504_at_the_wall_clock_limit() {
  let server = TestServer::start("test-apps/limits");
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  let started = Instant::now();
  let answer = server.request("GET", "/slow", &[], None);
  let took = started.elapsed();
  eprintln!("maxDuration = 1 answered {} after {took:?}", answer.status);
  assert_eq!(answer.status, 504);
  assert!(
    took >= Duration::from_secs(1) && took < Duration::from_secs(3),
    "{took:?}"
  );
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  assert_breaches(&server, "/slow", "wall", 1);
}
