//! `--threads per-core`: core threads serve connections and the isolates
//! of routes that have shown short turns; a route that runs a long turn
//! keeps isolate threads of its own, so it cannot stall the connections a
//! core thread holds.

use std::time::{Duration, Instant};

use crate::common::TestServer;
use crate::common::keep_alive::Connection;
use edgeroute::{AppConfig, IsolateConfig, IsolateLimits, Threads};

/// test-apps/limits served with core threads, its isolates held to
/// `limits`.
fn start(limits: IsolateLimits) -> TestServer {
  TestServer::start_with_config(
    "test-apps/limits",
    &AppConfig {
      isolates: IsolateConfig {
        limits,
        threads: Threads::PerCore,
        ..IsolateConfig::default()
      },
      ..AppConfig::default()
    },
  )
}

/// The route's live isolates, and those of them on core threads.
fn isolates(server: &TestServer, route: &str) -> (usize, usize) {
  let stats = server
    .app
    .pool_stats()
    .into_iter()
    .find(|(pattern, _)| pattern == route)
    .map(|(_, stats)| stats)
    .expect("route");
  (stats.isolates, stats.on_cores)
}

/// `n` GETs of `path`, each on a connection of its own (so both core
/// threads take some), all answered 200.
fn get_many(server: &TestServer, path: &str, n: usize) {
  for _ in 0..n {
    let status = server.request("GET", path, &[], None).status;
    assert_eq!(status, 200, "GET {path}");
  }
}

#[test]
fn a_busy_route_moves_to_the_core_threads_and_a_new_one_does_not() {
  let server = start(IsolateLimits::default());
  get_many(&server, "/ok", 3);
  let (live, on_cores) = isolates(&server, "/ok");
  assert!(live >= 1);
  assert_eq!(on_cores, 0, "a new route runs on threads of its own");
  get_many(&server, "/ok", 40);
  let (_, on_cores) = isolates(&server, "/ok");
  assert!(on_cores >= 1, "after 43 short requests, on core threads");
}

#[test]
fn a_route_that_blocks_on_a_core_thread_goes_back_to_threads_of_its_own() {
  let server = start(IsolateLimits::default());
  get_many(&server, "/block?ms=0", 40);
  assert!(isolates(&server, "/block").1 >= 1, "on core threads");
  // 200 ms holding its thread: on a core thread, every connection of that
  // thread would wait with it.
  assert_eq!(
    server.request("GET", "/block?ms=200", &[], None).status,
    200
  );
  get_many(&server, "/block?ms=0", 4);
  let deadline = Instant::now() + Duration::from_secs(5);
  while isolates(&server, "/block").1 > 0 {
    assert!(Instant::now() < deadline, "core isolates retired");
    std::thread::sleep(Duration::from_millis(20));
  }
  get_many(&server, "/block?ms=0", 40);
  assert_eq!(isolates(&server, "/block").1, 0, "it stays off the cores");
}

#[test]
fn a_spinning_route_does_not_stall_routes_served_on_the_core_threads() {
  let cpu = Duration::from_millis(1500);
  let server = start(IsolateLimits {
    cpu,
    ..IsolateLimits::default()
  });
  get_many(&server, "/ok", 40);
  assert!(isolates(&server, "/ok").1 >= 1, "/ok runs on core threads");
  // Connections opened before the spin: whichever core thread holds
  // each, its requests must keep being answered.
  let mut connections: Vec<Connection> =
    (0..8).map(|_| Connection::open(server.addr)).collect();
  for connection in &mut connections {
    assert_eq!(connection.get("/ok").status, 200);
  }
  let addr = server.addr;
  let spin = std::thread::spawn(move || {
    crate::common::raw_request(addr, "GET", "/spin", &[], None).status
  });
  std::thread::sleep(Duration::from_millis(100));
  let until = Instant::now() + Duration::from_millis(1000);
  let clients: Vec<_> = connections
    .into_iter()
    .map(|mut connection| {
      std::thread::spawn(move || {
        let mut answers = Vec::new();
        while Instant::now() < until {
          let sent = Instant::now();
          let status = connection.get("/ok").status;
          answers.push((status, sent.elapsed()));
        }
        answers
      })
    })
    .collect();
  let mut answers: Vec<(u16, Duration)> = clients
    .into_iter()
    .flat_map(|client| client.join().expect("client"))
    .collect();
  assert_eq!(spin.join().expect("spin"), 500, "stopped at its CPU limit");
  assert!(answers.iter().all(|(status, _)| *status == 200));
  answers.sort_by_key(|(_, took)| *took);
  let p99 = answers[answers.len() * 99 / 100].1;
  eprintln!("{} answers while /spin ran; p99 {p99:?}", answers.len());
  assert!(
    answers.len() >= 80,
    "answers kept coming: {}",
    answers.len()
  );
  assert!(p99 <= Duration::from_millis(100), "p99 {p99:?}");
  assert_eq!(isolates(&server, "/spin").1, 0, "/spin never ran on a core");
}

#[test]
fn limits_stop_isolates_on_the_core_threads_and_their_routes_serve_again() {
  let server = start(IsolateLimits {
    cpu: Duration::from_millis(300),
    heap: 64 << 20,
  });
  get_many(&server, "/alloc", 40);
  get_many(&server, "/spin-sometimes", 40);
  assert!(isolates(&server, "/alloc").1 >= 1, "/alloc on core threads");
  assert!(isolates(&server, "/spin-sometimes").1 >= 1);
  // The heap limit, on a core thread beside other isolates.
  assert_eq!(
    server.request("GET", "/alloc?grow=1", &[], None).status,
    500
  );
  let answer = server.request("GET", "/alloc", &[], None);
  assert_eq!((answer.status, answer.text().as_str()), (200, "alive"));
  // The CPU limit.
  let started = Instant::now();
  let answer = server.request("GET", "/spin-sometimes?spin=1", &[], None);
  assert_eq!(answer.status, 500);
  assert!(started.elapsed() < Duration::from_millis(1800));
  let answer = server.request("GET", "/spin-sometimes", &[], None);
  assert_eq!((answer.status, answer.text().as_str()), (200, "alive"));
  get_many(&server, "/ok", 10);
  let metrics = server.app.metrics_text();
  for series in [
    r#"edgeroute_route_limit_breaches_total{route="/alloc",kind="heap"} 1"#,
    r#"edgeroute_route_limit_breaches_total{route="/spin-sometimes",kind="cpu"} 1"#,
  ] {
    assert!(metrics.lines().any(|line| line == series), "{series}");
  }
}
