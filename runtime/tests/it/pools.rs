//! Isolate pools, observed through the library API: scale-up under
//! concurrent load, retirement after the idle TTL, 503 with Retry-After
//! when the queue wait runs out, the app-wide cap, and isolation between
//! isolates of one route, and new isolates taken from the app's spare.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::common::TestServer;
use edgeroute::{
  AppConfig, IsolateConfig, IsolateLimits, PoolConfig, PoolStats, RouteOverride,
};

fn pool(config: PoolConfig) -> AppConfig {
  isolates(IsolateConfig {
    pool: config,
    ..IsolateConfig::default()
  })
}

fn isolates(isolates: IsolateConfig) -> AppConfig {
  AppConfig {
    isolates,
    ..AppConfig::default()
  }
}

fn stats(server: &TestServer, pattern: &str) -> PoolStats {
  server
    .app
    .pool_stats()
    .into_iter()
    .find(|(p, _)| p == pattern)
    .map(|(_, s)| s)
    .expect("route exists")
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
  let deadline = Instant::now() + Duration::from_secs(10);
  while !done() {
    assert!(Instant::now() < deadline, "timed out waiting for {what}");
    std::thread::sleep(Duration::from_millis(20));
  }
}

#[test]
fn pools_scale_up_under_load_and_retire_when_idle() {
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &pool(PoolConfig {
      max: 3,
      concurrency: 1,
      idle_ttl: Duration::from_secs(1),
      ..PoolConfig::default()
    }),
  );
  assert_eq!(
    stats(&server, "/sleep").isolates,
    0,
    "isolates start lazily"
  );
  let addr = server.addr;
  let load: Vec<_> = (0..6)
    .map(|_| {
      std::thread::spawn(move || {
        crate::common::raw_request(addr, "GET", "/sleep?ms=400", &[], None)
          .status
      })
    })
    .collect();
  let mut peak = PoolStats::default();
  wait_until("three isolates", || {
    let now = stats(&server, "/sleep");
    if now.isolates > peak.isolates {
      peak = now;
    }
    now.isolates == 3
  });
  eprintln!("under load: {peak:?}");
  for t in load {
    assert_eq!(t.join().expect("request"), 200);
  }
  let busy = stats(&server, "/sleep");
  assert_eq!(busy.in_flight, 0);
  assert!(busy.started >= 3, "{busy:?}");
  wait_until("idle isolates retired", || {
    stats(&server, "/sleep").isolates == 0
  });
  let idle = stats(&server, "/sleep");
  eprintln!("after the idle TTL: {idle:?}");
  assert!(idle.retired >= 3, "{idle:?}");
  assert_eq!(server.request("GET", "/sleep?ms=1", &[], None).status, 200);
}

#[test]
fn requests_beyond_capacity_wait_then_get_503() {
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &pool(PoolConfig {
      max: 1,
      concurrency: 1,
      queue_timeout: Duration::from_millis(300),
      ..PoolConfig::default()
    }),
  );
  assert_eq!(server.request("GET", "/sleep?ms=1", &[], None).status, 200);
  let addr = server.addr;
  let busy = std::thread::spawn(move || {
    crate::common::raw_request(addr, "GET", "/sleep?ms=1500", &[], None).status
  });
  wait_until("the isolate is busy", || {
    stats(&server, "/sleep").in_flight == 1
  });
  // A short wait for a free slot succeeds...
  let queued = std::thread::spawn(move || {
    let started = Instant::now();
    let answer =
      crate::common::raw_request(addr, "GET", "/sleep?ms=1", &[], None);
    (answer, started.elapsed())
  });
  wait_until("a queued request", || stats(&server, "/sleep").queued == 1);
  let (answer, waited) = queued.join().expect("queued request");
  assert_eq!(answer.status, 503, "the wait ran out after {waited:?}");
  assert_eq!(answer.header("retry-after"), Some("1"));
  assert!(waited >= Duration::from_millis(300), "{waited:?}");
  assert_eq!(busy.join().expect("busy request"), 200);
  // ...and capacity comes back.
  assert_eq!(server.request("GET", "/sleep?ms=1", &[], None).status, 200);
}

#[test]
fn the_app_wide_cap_retires_the_least_recently_used_idle_isolate() {
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &isolates(IsolateConfig {
      max_isolates: 2,
      ..IsolateConfig::default()
    }),
  );
  for path in ["/ok", "/sleep?ms=1", "/alloc", "/ok"] {
    assert_eq!(server.request("GET", path, &[], None).status, 200, "{path}");
    assert!(server.app.live_isolates() <= 2);
  }
  // `/alloc` found the cap reached and retired `/ok` (least recently
  // used); `/ok` coming back then retired `/sleep`.
  assert_eq!(stats(&server, "/ok").isolates, 1);
  assert_eq!(stats(&server, "/alloc").isolates, 1);
  assert_eq!(stats(&server, "/sleep").isolates, 0);
}

#[test]
fn isolates_of_one_route_share_no_globals_and_keep_module_state() {
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &pool(PoolConfig {
      max: 2,
      concurrency: 1,
      ..PoolConfig::default()
    }),
  );
  let addr = server.addr;
  let concurrent: Vec<serde_json::Value> = (0..2)
    .map(|_| {
      std::thread::spawn(move || {
        let answer =
          crate::common::raw_request(addr, "GET", "/state?ms=300", &[], None);
        serde_json::from_slice(&answer.body).expect("JSON")
      })
    })
    .collect::<Vec<_>>()
    .into_iter()
    .map(|t| t.join().expect("request"))
    .collect();
  let ids: HashSet<&str> = concurrent
    .iter()
    .map(|v| v["isolate"].as_str().expect("id"))
    .collect();
  assert_eq!(ids.len(), 2, "two isolates served them: {concurrent:?}");
  for answer in &concurrent {
    assert_eq!(answer["count"], 1, "fresh module state: {answer}");
    assert_eq!(
      answer["global"],
      serde_json::Value::Null,
      "no shared globals"
    );
  }
  // One at a time: the same (least busy, first) isolate keeps its state.
  let first: serde_json::Value =
    serde_json::from_slice(&server.request("GET", "/state", &[], None).body)
      .expect("JSON");
  let second: serde_json::Value =
    serde_json::from_slice(&server.request("GET", "/state", &[], None).body)
      .expect("JSON");
  assert_eq!(first["isolate"], second["isolate"]);
  assert_eq!(
    second["count"].as_u64(),
    first["count"].as_u64().map(|c| c + 1),
    "module state persists within an isolate"
  );
  assert_eq!(second["global"], first["isolate"], "globals persist too");
}

#[test]
fn new_isolates_come_from_the_spare_booted_ahead_of_need() {
  let server = TestServer::start("test-apps/limits");
  for (path, route) in [("/ok", "/ok"), ("/state", "/state")] {
    let answer = server.request("GET", path, &[], None);
    assert_eq!(answer.status, 200, "{path}");
    let now = stats(&server, route);
    assert_eq!(
      (now.started, now.from_spare),
      (1, 1),
      "{route} got the spare (and the next spare was started for the next route): {now:?}"
    );
  }
  // The spare ran a made-up request to warm up; the route's first request
  // still finds its module fresh.
  let state: serde_json::Value =
    serde_json::from_slice(&server.request("GET", "/state", &[], None).body)
      .expect("JSON");
  assert_eq!(state["count"], 2, "{state}");

  // A route held to other limits than the app's starts its own isolate.
  let config = AppConfig::default().route(
    "/ok",
    RouteOverride {
      limits: Some(IsolateLimits {
        heap: 64 << 20,
        ..IsolateLimits::default()
      }),
      ..RouteOverride::default()
    },
  );
  let server = TestServer::start_with_config("test-apps/limits", &config);
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  assert_eq!(stats(&server, "/ok").from_spare, 0);
  assert_eq!(server.request("GET", "/state", &[], None).status, 200);
  assert_eq!(stats(&server, "/state").from_spare, 1);

  // Without a spare, every isolate boots when its route needs it.
  let server = TestServer::start_with_config(
    "test-apps/limits",
    &isolates(IsolateConfig {
      spare: false,
      ..IsolateConfig::default()
    }),
  );
  assert_eq!(server.request("GET", "/ok", &[], None).status, 200);
  let now = stats(&server, "/ok");
  assert_eq!((now.started, now.from_spare), (1, 0), "{now:?}");
}

/// The threads of a process named `isolate`, alive at the end of the look.
/// Reading `/proc/<pid>/task` is no snapshot (a thread may exit and its
/// successor start while the folder is read), so every thread found is
/// looked at again afterwards; and the kernel lists a thread for a moment
/// after `pthread_join` returned, with `PF_EXITING` in its `stat` flags.
fn isolate_thread_ids(pid: u32) -> Vec<String> {
  const PF_EXITING: u64 = 0x4;
  let alive_isolate = |task: &std::path::Path| {
    let named = std::fs::read_to_string(task.join("comm"))
      .is_ok_and(|name| name.trim() == "isolate");
    named
      && std::fs::read_to_string(task.join("stat")).is_ok_and(|stat| {
        // Fields after the `(comm)`: state, ppid, pgrp, session, tty_nr,
        // tpgid, flags.
        let after_comm = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        after_comm
          .split_whitespace()
          .nth(6)
          .and_then(|flags| flags.parse::<u64>().ok())
          .is_some_and(|flags| flags & PF_EXITING == 0)
      })
  };
  let found: Vec<std::fs::DirEntry> =
    std::fs::read_dir(format!("/proc/{pid}/task"))
      .map(|tasks| {
        tasks
          .flatten()
          .filter(|t| alive_isolate(&t.path()))
          .collect()
      })
      .unwrap_or_default();
  found
    .iter()
    .filter(|task| alive_isolate(&task.path()))
    .map(|task| task.file_name().to_string_lossy().into_owned())
    .collect()
}

/// How many isolate threads a process has now.
fn isolate_threads(pid: u32) -> usize {
  isolate_thread_ids(pid).len()
}

#[test]
fn retired_isolates_with_timers_end_instead_of_leaking() {
  let server = crate::common::process::Running::serve(
    "test-apps/limits",
    &["--idle-ttl", "300ms"],
  );
  let pid = server.child.id();
  let get = |path: &str| {
    crate::common::raw_request(server.addr, "GET", path, &[], None).status
  };
  assert_eq!(get("/ok"), 200);
  let base = isolate_threads(pid);
  // Three 504s, each retiring an isolate that holds an interval and a
  // handler that never ends; three idle retirements of a module with an
  // interval.
  for _ in 0..3 {
    assert_eq!(get("/never"), 504);
    assert_eq!(get("/interval"), 200);
    std::thread::sleep(Duration::from_millis(700));
  }
  let deadline = Instant::now() + Duration::from_secs(10);
  loop {
    let now = isolate_threads(pid);
    // The spare and /ok's isolate may come and go; six leaked would show.
    if now <= base + 1 {
      break;
    }
    assert!(Instant::now() < deadline, "isolate threads {base} -> {now}");
    std::thread::sleep(Duration::from_millis(100));
  }
}

#[test]
fn past_max_queue_requests_get_503_at_once() {
  let server = crate::common::process::Running::serve(
    "test-apps/limits",
    &[
      "--pool-max",
      "1",
      "--isolate-concurrency",
      "1",
      "--max-queue",
      "1",
      "--metrics",
      "127.0.0.1:0",
    ],
  );
  let addr = server.addr;
  assert_eq!(
    crate::common::raw_request(addr, "GET", "/sleep?ms=1", &[], None).status,
    200
  );
  let slow: Vec<_> = (0..2)
    .map(|_| {
      std::thread::spawn(move || {
        crate::common::raw_request(addr, "GET", "/sleep?ms=1500", &[], None)
          .status
      })
    })
    .collect();
  std::thread::sleep(Duration::from_millis(400));
  // One runs, one waits: the third finds the queue full.
  let started = Instant::now();
  let third = crate::common::raw_request(addr, "GET", "/sleep?ms=1", &[], None);
  assert_eq!(third.status, 503);
  assert_eq!(third.header("retry-after"), Some("1"));
  assert!(
    started.elapsed() < Duration::from_millis(1000),
    "{:?}",
    started.elapsed()
  );
  let statuses: Vec<u16> = slow
    .into_iter()
    .map(|t| t.join().expect("thread"))
    .collect();
  assert_eq!(statuses, vec![200, 200]);
  // The 503 is counted for the route.
  let text = server.metrics_text();
  let series =
    r#"edgeroute_route_overloaded_total{route="/sleep",method="GET"} 1"#;
  assert!(
    text.lines().any(|line| line == series),
    "{series} in:\n{text}"
  );
}

#[test]
fn every_isolate_thread_counts_against_the_app_wide_cap() {
  // The spare, and retired isolates still running (an interval keeps one
  // for its grace second), are isolates too: at no moment does the
  // process hold more isolate threads than `--max-isolates`.
  let server = crate::common::process::Running::serve(
    "test-apps/limits",
    &["--max-isolates", "2"],
  );
  let pid = server.child.id();
  let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
  let sampler = {
    let done = done.clone();
    std::thread::spawn(move || {
      let mut samples = Vec::new();
      while !done.load(std::sync::atomic::Ordering::Acquire) {
        samples.push(isolate_thread_ids(pid));
        std::thread::sleep(Duration::from_millis(1));
      }
      samples
    })
  };
  for path in ["/interval", "/ok", "/alloc", "/interval", "/ok", "/state"] {
    let answer =
      crate::common::raw_request(server.addr, "GET", path, &[], None);
    assert_eq!(answer.status, 200, "{path}");
  }
  done.store(true, std::sync::atomic::Ordering::Release);
  let samples = sampler.join().expect("sampler");
  // A thread an isolate thread starts (V8's platform workers) carries the
  // name `isolate` until it renames itself: one seen under another name
  // later was never an isolate. Isolate threads keep their name.
  std::thread::sleep(Duration::from_millis(200));
  let renamed = |tid: &String| {
    std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
      .is_ok_and(|name| name.trim() != "isolate")
  };
  let peak = samples
    .iter()
    .map(|tids| tids.iter().filter(|tid| !renamed(tid)).count())
    .max();
  assert_eq!(peak, Some(2), "isolate threads at most, with a cap of 2");
}
