//! Operating a server: live reload on SIGHUP under load, the metrics
//! endpoint, the access log.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::process::Running;
use crate::common::raw_request;

/// A project folder of its own under the temp dir, with one route.
fn project(name: &str, route: &str) -> PathBuf {
  let dir = std::env::temp_dir()
    .join(format!("edgeroute-operate-{}-{name}", std::process::id()));
  let _ = std::fs::remove_dir_all(&dir);
  std::fs::create_dir_all(dir.join("app/version")).expect("project");
  std::fs::write(dir.join("app/version/route.ts"), route).expect("route");
  dir
}

fn version_route(version: u64) -> String {
  format!(
    "export async function GET() {{\n  return Response.json({{ version: {version} }})\n}}\n"
  )
}

fn hangup(server: &Running) {
  let status = std::process::Command::new("kill")
    .args(["-HUP", &server.child.id().to_string()])
    .status()
    .expect("run kill");
  assert!(status.success(), "kill -HUP failed: {status}");
}

/// What the load loop saw.
#[derive(Default)]
struct Load {
  stop: AtomicBool,
  answered: AtomicU64,
  failures: Mutex<Vec<String>>,
  /// The highest version answered so far.
  newest: AtomicU64,
}

/// One keep-alive HTTP/1.1 connection asking for `/version` until told
/// to stop; a connection the server closes (keep-alive timeout) is opened
/// again, which is not a failure. Anything but a 200 with a version is.
fn load_loop(addr: std::net::SocketAddr, load: Arc<Load>) {
  use http_body_util::BodyExt;
  let runtime = tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
    .expect("tokio runtime");
  runtime.block_on(async move {
    while !load.stop.load(Ordering::Relaxed) {
      let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
      let (mut sender, conn) = hyper::client::conn::http1::handshake(
        hyper_util::rt::TokioIo::new(stream),
      )
      .await
      .expect("handshake");
      tokio::spawn(conn);
      while !load.stop.load(Ordering::Relaxed) && sender.ready().await.is_ok() {
        let request = http::Request::get("/version")
          .header("host", addr.to_string())
          .body(http_body_util::Empty::<bytes::Bytes>::new())
          .expect("request");
        let response = match sender.send_request(request).await {
          Ok(response) => response,
          // Closed between two requests (idle timeout): reconnect.
          Err(error) if error.is_canceled() || error.is_closed() => break,
          Err(error) => {
            load
              .failures
              .lock()
              .expect("failures")
              .push(error.to_string());
            break;
          }
        };
        let status = response.status();
        let body = match response.into_body().collect().await {
          Ok(body) => body.to_bytes(),
          Err(error) => {
            load
              .failures
              .lock()
              .expect("failures")
              .push(error.to_string());
            break;
          }
        };
        let text = String::from_utf8_lossy(&body).into_owned();
        let version = serde_json::from_str::<serde_json::Value>(&text)
          .ok()
          .and_then(|value| value["version"].as_u64());
        match (status.as_u16(), version) {
          (200, Some(version)) => {
            load.answered.fetch_add(1, Ordering::Relaxed);
            load.newest.fetch_max(version, Ordering::Relaxed);
          }
          _ => load
            .failures
            .lock()
            .expect("failures")
            .push(format!("{status} {text}")),
        }
      }
    }
  });
}

fn wait_for_version(load: &Load, version: u64) {
  let deadline = Instant::now() + Duration::from_secs(30);
  while load.newest.load(Ordering::Relaxed) < version {
    assert!(
      Instant::now() < deadline,
      "version {version} not served within 30 s of SIGHUP"
    );
    std::thread::sleep(Duration::from_millis(10));
  }
}

#[test]
fn sighup_reloads_under_load_without_failing_a_request() {
  let dir = project("reload", &version_route(0));
  let server = Running::serve(dir.to_str().expect("utf-8 path"), &[]);
  let load = Arc::new(Load::default());
  let threads: Vec<_> = (0..8)
    .map(|_| {
      let load = load.clone();
      let addr = server.addr;
      std::thread::spawn(move || load_loop(addr, load))
    })
    .collect();
  // Load is flowing before the first reload.
  while load.answered.load(Ordering::Relaxed) < 50 {
    std::thread::sleep(Duration::from_millis(10));
  }
  for version in 1..=5 {
    std::fs::write(dir.join("app/version/route.ts"), version_route(version))
      .expect("route");
    hangup(&server);
    wait_for_version(&load, version);
    // A while on the new version, under load, before the next.
    let at = load.answered.load(Ordering::Relaxed);
    while load.answered.load(Ordering::Relaxed) < at + 50 {
      std::thread::sleep(Duration::from_millis(10));
    }
  }
  // A broken file: the reload fails and version 5 goes on serving.
  std::fs::write(dir.join("app/version/route.ts"), "export function GET( {\n")
    .expect("route");
  hangup(&server);
  server.log_line_with(&["reload failed, still serving the previous version"]);
  let at = load.answered.load(Ordering::Relaxed);
  while load.answered.load(Ordering::Relaxed) < at + 100 {
    std::thread::sleep(Duration::from_millis(10));
  }
  load.stop.store(true, Ordering::Relaxed);
  for thread in threads {
    thread.join().expect("load thread");
  }
  let failures = load.failures.lock().expect("failures");
  eprintln!(
    "{} requests over 8 connections across 5 reloads and a failed one; {} failed",
    load.answered.load(Ordering::Relaxed),
    failures.len()
  );
  assert!(failures.is_empty(), "failed requests: {failures:?}");
  assert_eq!(load.newest.load(Ordering::Relaxed), 5);
  let answer = raw_request(server.addr, "GET", "/version", &[], None);
  assert_eq!(
    (answer.status, answer.text()),
    (200, r#"{"version":5}"#.into())
  );
  server.log_line_with(&["SIGHUP: reloaded in"]);
  let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_reload_retires_the_previous_versions_isolates_once_idle() {
  let dir = project("retire", &version_route(1));
  let mut config = edgeroute::AppConfig::default();
  config.isolates.spare = false;
  let server = crate::common::TestServer::start_with_config(
    dir.to_str().expect("utf-8"),
    &config,
  );
  let first = server.request("GET", "/version", &[], None);
  assert_eq!(first.text(), r#"{"version":1}"#);
  assert_eq!(server.app.live_isolates(), 1);
  std::fs::write(dir.join("app/version/route.ts"), version_route(2))
    .expect("route");
  server.app.reload().expect("reload");
  assert_eq!(server.app.reloads(), 1);
  let second = server.request("GET", "/version", &[], None);
  assert_eq!(second.text(), r#"{"version":2}"#);
  // The old version's isolate ends once nothing holds its version.
  let deadline = Instant::now() + Duration::from_secs(10);
  while server.app.live_isolates() != 1 {
    assert!(
      Instant::now() < deadline,
      "{} isolates live 10 s after the reload",
      server.app.live_isolates()
    );
    std::thread::sleep(Duration::from_millis(20));
  }
  let _ = std::fs::remove_dir_all(&dir);
}

/// The value of the sample `name{labels}` in a metrics text.
fn sample(text: &str, series: &str) -> Option<f64> {
  text.lines().find_map(|line| {
    let (name, value) = line.rsplit_once(' ')?;
    (name == series).then(|| value.parse().ok()).flatten()
  })
}

#[test]
fn metrics_count_requests_by_route_method_and_class_on_their_own_listener() {
  let server = Running::serve(
    "examples/hello",
    &["--metrics", "127.0.0.1:0", "--no-spare"],
  );
  let before = server.metrics_text();
  let hello_get = r#"edgeroute_http_requests_total{route="/api/hello",method="GET",code="2xx"}"#;
  assert_eq!(sample(&before, hello_get), None, "{before}");
  for _ in 0..3 {
    assert_eq!(
      raw_request(server.addr, "GET", "/api/hello", &[], None).status,
      200
    );
  }
  assert_eq!(
    raw_request(server.addr, "POST", "/api/hello", &[], Some(b"")).status,
    405
  );
  assert_eq!(
    raw_request(server.addr, "GET", "/nope", &[], None).status,
    404
  );
  let text = server.metrics_text();
  assert_eq!(sample(&text, hello_get), Some(3.0), "{text}");
  assert_eq!(
    sample(
      &text,
      r#"edgeroute_http_requests_total{route="/api/hello",method="POST",code="4xx"}"#
    ),
    Some(1.0)
  );
  assert_eq!(
    sample(
      &text,
      r#"edgeroute_http_requests_total{route="(not found)",method="GET",code="4xx"}"#
    ),
    Some(1.0)
  );
  // The route's latency histogram: every request in the +Inf bucket and
  // the count, and buckets that only grow.
  let count = sample(
    &text,
    r#"edgeroute_http_request_duration_seconds_count{route="/api/hello",method="GET"}"#,
  );
  assert_eq!(count, Some(3.0));
  let buckets: Vec<f64> = text
    .lines()
    .filter(|line| {
      line.starts_with(r#"edgeroute_http_request_duration_seconds_bucket{"#)
        && line.contains(r#"route="/api/hello",method="GET""#)
    })
    .filter_map(|line| line.rsplit_once(' ')?.1.parse().ok())
    .collect();
  assert_eq!(buckets.len(), 14, "{text}");
  assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
  assert_eq!(buckets.last(), Some(&3.0));
  // The pool, as it is now.
  assert_eq!(
    sample(
      &text,
      r#"edgeroute_route_isolates_live{route="/api/hello"}"#
    ),
    Some(1.0)
  );
  assert_eq!(
    sample(
      &text,
      r#"edgeroute_route_isolates_started_total{route="/api/hello"}"#
    ),
    Some(1.0)
  );
  assert!(
    sample(
      &text,
      r#"edgeroute_route_js_heap_used_bytes{route="/api/hello"}"#
    )
    .is_some_and(|bytes| bytes > 0.0)
      || text.contains(
        r#"edgeroute_route_js_heap_used_bytes{route="/api/hello"} 0"#
      ),
    "{text}"
  );
  assert!(
    sample(&text, "edgeroute_process_resident_memory_bytes")
      .is_some_and(|b| b > 1e6),
    "{text}"
  );
  assert!(
    sample(&text, "edgeroute_open_connections").is_some(),
    "{text}"
  );
  assert!(text.ends_with("# EOF\n"));
  // Only /metrics is served there.
  let stdout = server.stdout.lock().expect("stdout").clone();
  let metrics = stdout
    .lines()
    .find_map(|line| line.strip_prefix("Metrics on http://"))
    .and_then(|rest| rest.strip_suffix("/metrics"))
    .expect("a `Metrics on` line")
    .parse()
    .expect("an address");
  let nope = crate::common::raw_request_h1(metrics, "GET", "/other", &[], None);
  assert_eq!(nope.status, 404);
}

#[test]
fn metric_series_do_not_grow_with_distinct_urls() {
  let app = Arc::new(
    edgeroute::App::load(crate::common::repo_root().join("examples/hello"))
      .expect("app loads"),
  );
  let series = |text: &str| {
    text
      .lines()
      .filter(|line| line.starts_with("edgeroute_http_requests_total{"))
      .count()
  };
  let runtime = tokio::runtime::Builder::new_multi_thread()
    .worker_threads(2)
    .enable_all()
    .build()
    .expect("tokio runtime");
  runtime.block_on(async {
    let get = |path: String| {
      http::Request::get(path)
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .expect("request")
    };
    app.handle(get("/api/hello".into())).await;
    app.handle(get("/missing".into())).await;
    let before = series(&app.metrics_text());
    for i in 0..5_000 {
      assert_eq!(
        app.handle(get(format!("/api/hello?n={i}"))).await.status(),
        200
      );
      assert_eq!(app.handle(get(format!("/missing/{i}"))).await.status(), 404);
    }
    let text = app.metrics_text();
    assert_eq!(series(&text), before, "{text}");
    assert_eq!(app.metrics().requests("/api/hello", "GET", "2xx"), 5_001);
    assert_eq!(app.metrics().requests("(not found)", "GET", "4xx"), 5_001);
  });
}

#[test]
fn the_access_log_writes_a_line_per_request_as_text_or_json() {
  let text = Running::serve("examples/hello", &["--access-log"]);
  assert_eq!(
    raw_request(text.addr, "GET", "/api/hello?x=1", &[], None).status,
    200
  );
  let deadline = Instant::now() + Duration::from_secs(10);
  let line = loop {
    let stdout = text.stdout.lock().expect("stdout").clone();
    if let Some(line) =
      stdout.lines().find(|l| l.contains("GET /api/hello?x=1"))
    {
      break line.to_owned();
    }
    assert!(Instant::now() < deadline, "no access log line in {stdout}");
    std::thread::sleep(Duration::from_millis(20));
  };
  // time method path route status bytes duration isolate
  let fields: Vec<&str> = line.split(' ').collect();
  assert_eq!(fields.len(), 8, "{line}");
  assert!(
    fields[0].ends_with('Z') && fields[0].contains('T'),
    "{line}"
  );
  assert_eq!(
    &fields[1..6],
    ["GET", "/api/hello?x=1", "/api/hello", "200", "25"]
  );
  assert!(fields[6].ends_with("ms"), "{line}");
  assert!(
    fields[7].starts_with("isolate=") && fields[7] != "isolate=-",
    "{line}"
  );

  let json =
    Running::serve("examples/hello", &["--access-log", "--log-format", "json"]);
  assert_eq!(
    raw_request(json.addr, "GET", "/nope", &[], None).status,
    404
  );
  let deadline = Instant::now() + Duration::from_secs(10);
  let line = loop {
    let stdout = json.stdout.lock().expect("stdout").clone();
    if let Some(line) = stdout.lines().find(|l| l.starts_with('{')) {
      break line.to_owned();
    }
    assert!(Instant::now() < deadline, "no access log line in {stdout}");
    std::thread::sleep(Duration::from_millis(20));
  };
  let entry: serde_json::Value =
    serde_json::from_str(&line).expect("a JSON line");
  assert_eq!(entry["method"], "GET");
  assert_eq!(entry["path"], "/nope");
  assert_eq!(entry["route"], "(not found)");
  assert_eq!(entry["status"], 404);
  assert!(entry["bytes"].as_u64().is_some_and(|b| b > 0), "{line}");
  assert!(entry["duration_ms"].as_f64().is_some(), "{line}");
  assert!(entry["isolate"].is_null(), "{line}");

  // Off by default: stdout holds the startup lines only.
  let quiet = Running::serve("examples/hello", &[]);
  assert_eq!(
    raw_request(quiet.addr, "GET", "/api/hello", &[], None).status,
    200
  );
  std::thread::sleep(Duration::from_millis(200));
  let stdout = quiet.stdout.lock().expect("stdout").clone();
  assert!(!stdout.contains("GET /api/hello"), "{stdout}");
}

#[test]
fn a_stream_in_flight_finishes_across_a_reload() {
  let server = crate::common::TestServer::start("test-apps/streaming");
  assert_eq!(server.request("GET", "/stream", &[], None).status, 200);
  let chunks = ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"];
  let streaming = std::thread::scope(|scope| {
    let reader =
      scope.spawn(|| crate::common::arrivals(&server, "/stream", "", &chunks));
    // The head is out and the first chunk with it: reload mid-stream.
    std::thread::sleep(Duration::from_millis(150));
    server.app.reload().expect("reload");
    reader.join().expect("reader")
  });
  let (times, answer) = streaming;
  assert_eq!(answer.status, 200);
  assert_eq!(times.len(), 3, "{:?}", answer.text());
  assert_eq!(answer.text(), chunks.concat());
  assert_eq!(server.app.reloads(), 1);
  // The new version serves.
  assert_eq!(
    server.request("GET", "/stream", &[], None).text(),
    chunks.concat()
  );
}
