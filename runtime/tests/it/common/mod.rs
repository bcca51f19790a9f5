//! Test support: a real edgeroute server on 127.0.0.1:0 and a client that
//! sends exactly what a case asks for: raw HTTP/1.1 bytes, or the same
//! request over HTTP/2 with prior knowledge (h2c) when the suite runs with
//! `EDGEROUTE_TEST_HTTP=h2c` (see [`protocol`]). Tests about HTTP/1.1's
//! own wire format call [`raw_request_h1`] and write to sockets directly.

pub mod h2c;
pub mod keep_alive;
pub mod process;
#[path = "../../../cache/tests/support/redis.rs"]
pub mod redis;
pub mod services;
pub mod upstream;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo_root() -> PathBuf {
  Path::new(env!("CARGO_MANIFEST_DIR"))
    .parent()
    .expect("runtime/ has a parent")
    .to_path_buf()
}

/// Makes sure the npm fixture `dir` (relative to the repo root) has its
/// node_modules, running `npm ci` if not; panics if that fails (the npm
/// tests are never skipped).
pub fn require_node_modules(dir: &str) {
  static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
  let _one_at_a_time = INSTALL.lock().unwrap_or_else(|p| p.into_inner());
  let dir = repo_root().join(dir);
  if dir.join("node_modules").is_dir() {
    return;
  }
  // A fresh checkout: install exactly what package-lock.json pins, as
  // .ci/run does, so `cargo test` alone works.
  let status = std::process::Command::new("npm")
    .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
    .current_dir(&dir)
    .status();
  assert!(
    matches!(status, Ok(s) if s.success()) && dir.join("node_modules").is_dir(),
    "{}/node_modules is missing and `npm ci --no-audit --no-fund` failed there ({status:?})",
    dir.display()
  );
}

/// A server running on its own thread; stops when dropped.
pub struct TestServer {
  pub addr: SocketAddr,
  pub app: Arc<edgeroute::App>,
  stop: Option<tokio::sync::oneshot::Sender<()>>,
  thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
  /// Loads `dir` (relative to the repo root) and serves it.
  pub fn start(dir: &str) -> TestServer {
    Self::start_with_body_limit(dir, edgeroute::DEFAULT_MAX_BODY_SIZE)
  }

  /// Like [`TestServer::start`] with `--max-body-size` set.
  pub fn start_with_body_limit(dir: &str, limit: u64) -> TestServer {
    let app = Arc::new(
      edgeroute::App::load_with(
        repo_root().join(dir),
        &suite_config(edgeroute::AppConfig::default()),
      )
      .expect("app loads"),
    );
    Self::serve(app, limit)
  }

  /// Like [`TestServer::start`] with isolate pools and limits set.
  pub fn start_with_config(
    dir: &str,
    config: &edgeroute::AppConfig,
  ) -> TestServer {
    let app = Arc::new(
      edgeroute::App::load_with(
        repo_root().join(dir),
        &suite_config(config.clone()),
      )
      .expect("app loads"),
    );
    Self::serve(app, edgeroute::DEFAULT_MAX_BODY_SIZE)
  }

  /// Like [`TestServer::start`], with `vars` added to the environment the
  /// app sees as real (they win over its `.env` files).
  pub fn start_with_env(dir: &str, vars: &[(&str, &str)]) -> TestServer {
    let mut env: std::collections::HashMap<String, String> =
      std::env::vars().collect();
    for (name, value) in vars {
      env.insert((*name).to_owned(), (*value).to_owned());
    }
    let app = Arc::new(
      edgeroute::App::load_with_env(
        repo_root().join(dir),
        &suite_config(edgeroute::AppConfig::default()),
        env,
      )
      .expect("app loads"),
    );
    Self::serve(app, edgeroute::DEFAULT_MAX_BODY_SIZE)
  }

  fn serve(app: Arc<edgeroute::App>, limit: u64) -> TestServer {
    let served = app.clone();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
      let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
      runtime.block_on(async move {
        // As `next start` serves what `next build` made: ready once the
        // prerendered routes are built.
        app.build().await;
        let server = edgeroute::Server::bind(app, "127.0.0.1", 0)
          .await
          .expect("bind")
          .max_body_size(limit);
        addr_tx
          .send(server.local_addr().expect("addr"))
          .expect("send");
        server
          .run(async {
            let _ = stop_rx.await;
          })
          .await
          .expect("serve");
      });
    });
    let addr = addr_rx
      .recv_timeout(Duration::from_secs(30))
      .expect("server starts");
    TestServer {
      addr,
      app: served,
      stop: Some(stop_tx),
      thread: Some(thread),
    }
  }

  /// Sends one request on a fresh connection and reads the whole answer.
  pub fn request(
    &self,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
  ) -> RawResponse {
    raw_request(self.addr, method, path, headers, body)
  }
}

impl Drop for TestServer {
  fn drop(&mut self) {
    if let Some(stop) = self.stop.take() {
      let _ = stop.send(());
    }
    if let Some(thread) = self.thread.take() {
      let _ = thread.join();
    }
  }
}

/// An HTTP answer as it came off the wire.
#[derive(Debug, Clone)]
pub struct RawResponse {
  pub status: u16,
  /// Lower-case names; repeated headers keep every value in order.
  pub headers: BTreeMap<String, Vec<String>>,
  pub body: Vec<u8>,
}

impl RawResponse {
  pub fn header(&self, name: &str) -> Option<&str> {
    self
      .headers
      .get(name)
      .and_then(|v| v.first())
      .map(String::as_str)
  }

  pub fn text(&self) -> String {
    String::from_utf8_lossy(&self.body).into_owned()
  }
}

/// The body with its `Content-Encoding` (gzip, deflate, br) undone.
pub fn decode_body(response: &RawResponse) -> Vec<u8> {
  let body = response.body.as_slice();
  let mut out = Vec::new();
  let result = match response.header("content-encoding") {
    Some("gzip") => flate2::read::GzDecoder::new(body).read_to_end(&mut out),
    Some("deflate") => {
      flate2::read::ZlibDecoder::new(body).read_to_end(&mut out)
    }
    Some("br") => brotli::Decompressor::new(body, 4096).read_to_end(&mut out),
    _ => return body.to_vec(),
  };
  result.expect("body decodes");
  out
}

/// `config`, with core threads when the suite runs with
/// `EDGEROUTE_THREADS=per-core` (the variable `edgeroute serve --threads`
/// reads too, so the CLI tests' servers follow it). A test that asks for
/// core threads keeps them.
pub fn suite_config(mut config: edgeroute::AppConfig) -> edgeroute::AppConfig {
  match std::env::var("EDGEROUTE_THREADS").as_deref() {
    Ok("per-core") => config.isolates.threads = edgeroute::Threads::PerCore,
    Ok("per-isolate") | Err(_) => {}
    Ok(other) => {
      panic!("EDGEROUTE_THREADS={other}: expected per-isolate or per-core")
    }
  }
  config
}

/// The protocol the suite's requests go over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
  Http1,
  H2c,
}

/// `EDGEROUTE_TEST_HTTP=h2c` runs every request made through
/// [`raw_request`] (and so [`TestServer::request`]) over h2c; HTTP/1.1
/// otherwise.
pub fn protocol() -> Protocol {
  match std::env::var("EDGEROUTE_TEST_HTTP").as_deref() {
    Ok("h2c") => Protocol::H2c,
    Ok("h1") | Err(_) => Protocol::Http1,
    Ok(other) => panic!("EDGEROUTE_TEST_HTTP={other}: expected h1 or h2c"),
  }
}

/// One request over the suite's protocol ([`protocol`]): see
/// [`raw_request_h1`] and [`h2c::request`].
pub fn raw_request(
  addr: SocketAddr,
  method: &str,
  path: &str,
  headers: &[(&str, &str)],
  body: Option<&[u8]>,
) -> RawResponse {
  match protocol() {
    Protocol::Http1 => raw_request_h1(addr, method, path, headers, body),
    Protocol::H2c => h2c::request(addr, method, path, headers, body),
  }
}

/// Writes the request bytes as given (`Host` and `Connection: close`
/// added unless present, `Content-Length` when there is a body), then
/// parses status, headers and a content-length or chunked body.
pub fn raw_request_h1(
  addr: SocketAddr,
  method: &str,
  path: &str,
  headers: &[(&str, &str)],
  body: Option<&[u8]>,
) -> RawResponse {
  let mut stream = TcpStream::connect(addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(30)))
    .expect("timeout");
  let mut head = format!("{method} {path} HTTP/1.1\r\n");
  let has =
    |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
  if !has("host") {
    head.push_str(&format!("Host: {addr}\r\n"));
  }
  for (name, value) in headers {
    head.push_str(&format!("{name}: {value}\r\n"));
  }
  if let Some(body) = body
    && !has("content-length")
  {
    head.push_str(&format!("Content-Length: {}\r\n", body.len()));
  }
  head.push_str("Connection: close\r\n\r\n");
  stream.write_all(head.as_bytes()).expect("write head");
  if let Some(body) = body {
    stream.write_all(body).expect("write body");
  }
  let mut raw = Vec::new();
  stream.read_to_end(&mut raw).expect("read answer");
  parse_response(&raw, method == "HEAD")
}

/// Parses a whole answer read off the wire (head, then a content-length or
/// chunked body); `head_request` answers have no body.
pub fn parse_response(raw: &[u8], head_request: bool) -> RawResponse {
  let end = raw
    .windows(4)
    .position(|w| w == b"\r\n\r\n")
    .unwrap_or_else(|| {
      panic!("no end of head in {:?}", String::from_utf8_lossy(raw))
    });
  // Header bytes are ISO-8859-1, as HTTP (and Node's client) reads them.
  let head: String = raw[..end].iter().map(|&b| char::from(b)).collect();
  let mut lines = head.split("\r\n");
  let status_line = lines.next().expect("status line");
  let status: u16 = status_line
    .split(' ')
    .nth(1)
    .and_then(|s| s.parse().ok())
    .expect("status code");
  let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
  for line in lines {
    if let Some((name, value)) = line.split_once(':') {
      headers
        .entry(name.trim().to_ascii_lowercase())
        .or_default()
        .push(value.trim().to_owned());
    }
  }
  let rest = &raw[end + 4..];
  let chunked = headers
    .get("transfer-encoding")
    .is_some_and(|v| v.iter().any(|x| x.contains("chunked")));
  let body = if head_request || status == 204 || status == 304 {
    Vec::new()
  } else if chunked {
    dechunk(rest)
  } else {
    rest.to_vec()
  };
  RawResponse {
    status,
    headers,
    body,
  }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
  let mut out = Vec::new();
  while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
    let size_text = String::from_utf8_lossy(&data[..line_end]);
    let size = usize::from_str_radix(
      size_text.split(';').next().unwrap_or("").trim(),
      16,
    )
    .expect("chunk size");
    data = &data[line_end + 2..];
    if size == 0 {
      break;
    }
    out.extend_from_slice(&data[..size.min(data.len())]);
    data = &data[(size + 2).min(data.len())..];
  }
  out
}

/// GETs `path` over the suite's protocol and notes when each of `wanted`
/// could first be read from the (de-chunked, decoded) body; `headers` are
/// HTTP/1.1 header lines (`Name: value\r\n`).
pub fn arrivals(
  server: &TestServer,
  path: &str,
  headers: &str,
  wanted: &[&str],
) -> (Vec<Duration>, RawResponse) {
  arrivals_of(server.addr, "GET", path, headers, None, wanted)
}

/// [`arrivals`] for any method, with a body (sent with its length).
pub fn arrivals_of(
  addr: SocketAddr,
  method: &str,
  path: &str,
  headers: &str,
  body: Option<&[u8]>,
  wanted: &[&str],
) -> (Vec<Duration>, RawResponse) {
  if protocol() == Protocol::H2c {
    return h2c::arrivals(addr, method, path, headers, body, wanted);
  }
  let mut stream = TcpStream::connect(addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(30)))
    .expect("timeout");
  let started = Instant::now();
  let length = body.map_or_else(String::new, |body| {
    format!("Content-Length: {}\r\n", body.len())
  });
  write!(
    stream,
    "{method} {path} HTTP/1.1\r\nHost: x\r\n{headers}{length}Connection: close\r\n\r\n"
  )
  .and_then(|()| stream.write_all(body.unwrap_or_default()))
  .expect("write");
  let mut seen = Vec::new();
  let mut times = Vec::new();
  let mut buf = [0u8; 4096];
  loop {
    let n = stream.read(&mut buf).expect("read");
    if n == 0 {
      break;
    }
    seen.extend_from_slice(&buf[..n]);
    if !seen.windows(4).any(|w| w == b"\r\n\r\n") {
      continue;
    }
    note_arrivals(&parse_response(&seen, false), wanted, started, &mut times);
  }
  (times, parse_response(&seen, false))
}

/// Notes, in `times`, when each next one of `wanted` first shows in the
/// (decoded) body of `so_far`, the response as much as has arrived.
pub(crate) fn note_arrivals(
  so_far: &RawResponse,
  wanted: &[&str],
  started: Instant,
  times: &mut Vec<Duration>,
) {
  let text = String::from_utf8_lossy(&decode_partial(so_far)).into_owned();
  while times.len() < wanted.len() && text.contains(wanted[times.len()]) {
    times.push(started.elapsed());
  }
}

/// Decodes as much of a possibly unfinished compressed body as there is.
pub(crate) fn decode_partial(response: &RawResponse) -> Vec<u8> {
  let body = response.body.as_slice();
  match response.header("content-encoding") {
    Some("gzip") => {
      let mut decoder = flate2::write::GzDecoder::new(Vec::new());
      let _ = decoder.write_all(body);
      let _ = decoder.flush();
      decoder.get_ref().clone()
    }
    Some("br") => {
      let mut out = Vec::new();
      let mut decoder = brotli::Decompressor::new(body, 4096);
      let mut buf = [0u8; 4096];
      while let Ok(n) = decoder.read(&mut buf) {
        if n == 0 {
          break;
        }
        out.extend_from_slice(&buf[..n]);
      }
      out
    }
    _ => body.to_vec(),
  }
}
