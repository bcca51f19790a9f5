//! The example as its users run it: the binary on 127.0.0.1:0, spoken to
//! over HTTP/1.1. `/health` is axum's; `/api/*` is the app's, mounted as a
//! Next.js app with `basePath: '/api'` would be served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Example {
  child: Child,
  addr: SocketAddr,
}

impl Drop for Example {
  fn drop(&mut self) {
    let _ = self.child.kill();
    let _ = self.child.wait();
  }
}

fn start() -> Example {
  let mut child = Command::new(env!("CARGO_BIN_EXE_axum-embed"))
    .args(["--port", "0"])
    .stdout(Stdio::piped())
    .spawn()
    .expect("the example starts");
  let stdout = child.stdout.take().expect("stdout");
  let mut line = String::new();
  BufReader::new(stdout)
    .read_line(&mut line)
    .expect("the example says where it listens");
  let addr = line
    .trim()
    .strip_prefix("Listening on http://")
    .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
    .parse()
    .expect("an address");
  Example { child, addr }
}

/// One request on its own connection: status, lower-cased headers, body.
fn get(addr: SocketAddr, path: &str) -> (u16, Vec<(String, String)>, String) {
  let mut stream = TcpStream::connect(addr).expect("connect");
  stream
    .set_read_timeout(Some(Duration::from_secs(30)))
    .expect("timeout");
  write!(
    stream,
    "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
  )
  .expect("write");
  let mut raw = Vec::new();
  stream.read_to_end(&mut raw).expect("read");
  let text = String::from_utf8_lossy(&raw).into_owned();
  let (head, body) = text.split_once("\r\n\r\n").expect("a head");
  let mut lines = head.lines();
  let status = lines
    .next()
    .and_then(|line| line.split(' ').nth(1))
    .and_then(|code| code.parse().ok())
    .expect("a status line");
  let headers = lines
    .filter_map(|line| line.split_once(':'))
    .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
    .collect::<Vec<_>>();
  let chunked = headers
    .iter()
    .any(|(name, value)| name == "transfer-encoding" && value == "chunked");
  let body = if chunked {
    unchunk(body)
  } else {
    body.to_owned()
  };
  (status, headers, body)
}

fn unchunk(mut body: &str) -> String {
  let mut out = String::new();
  while let Some((size, rest)) = body.split_once("\r\n") {
    let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
    if size == 0 {
      break;
    }
    out.push_str(&rest[..size]);
    body = &rest[size + 2..];
  }
  out
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
  headers
    .iter()
    .find(|(n, _)| n == name)
    .map(|(_, value)| value.as_str())
}

#[test]
fn axum_answers_its_own_path_and_the_app_answers_under_api() {
  let example = start();
  let addr = example.addr;

  let (status, _, body) = get(addr, "/health");
  assert_eq!((status, body.as_str()), (200, "ok"));

  let (status, headers, body) = get(addr, "/api/hello?x=1");
  assert_eq!(status, 200, "{body}");
  assert_eq!(header(&headers, "content-type"), Some("application/json"));
  let expected = format!(
    concat!(
      r#"{{"message":"Hello from a route handler","#,
      r#""url":"http://{addr}/hello?x=1","pathname":"/hello","#,
      r#""forwarded":{{"for":"127.0.0.1","proto":"http","port":"{port}"}}}}"#
    ),
    addr = addr,
    port = addr.port(),
  );
  assert_eq!(body, expected);

  // Inside the mount, the app's own 404 page; outside it, axum's.
  let (status, headers, _) = get(addr, "/api/nope");
  assert_eq!(status, 404);
  assert_eq!(header(&headers, "x-powered-by"), Some("Next.js"));
  let (status, headers, _) = get(addr, "/nope");
  assert_eq!(status, 404);
  assert_eq!(header(&headers, "x-powered-by"), None);

  // The trailing-slash redirect stays under the mount, as a basePath's does.
  let (status, headers, _) = get(addr, "/api/hello/");
  assert_eq!(status, 308);
  assert_eq!(header(&headers, "location"), Some("/api/hello"));
}
