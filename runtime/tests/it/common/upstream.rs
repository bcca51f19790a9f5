//! A tiny HTTP/1.1 server on 127.0.0.1:0 standing in for what handlers
//! fetch: it records every request line it gets (handlers report events
//! to it) and serves a slow chunked stream at `/tick?n=N&ms=M` and an echo
//! at `POST /echo` and JSON at `/json`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The upstream; lives until the test process ends.
#[derive(Clone)]
pub struct Upstream {
  pub addr: SocketAddr,
  seen: Arc<(Mutex<Vec<String>>, Condvar)>,
}

impl Upstream {
  pub fn start() -> Upstream {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind upstream");
    let addr = listener.local_addr().expect("upstream addr");
    let seen = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
    let shared = seen.clone();
    std::thread::spawn(move || {
      for stream in listener.incoming().flatten() {
        let seen = shared.clone();
        std::thread::spawn(move || serve(stream, &seen));
      }
    });
    Upstream { addr, seen }
  }

  /// `http://127.0.0.1:<port>`.
  pub fn url(&self) -> String {
    format!("http://{}", self.addr)
  }

  /// Waits until a request whose path starts with `prefix` arrived;
  /// returns its path and query.
  pub fn wait_for(&self, prefix: &str, timeout: Duration) -> Option<String> {
    let (lock, ready) = &*self.seen;
    let deadline = Instant::now() + timeout;
    let mut seen = lock.lock().expect("lock");
    loop {
      if let Some(found) = seen.iter().find(|p| p.starts_with(prefix)) {
        return Some(found.clone());
      }
      let left = deadline.checked_duration_since(Instant::now())?;
      seen = ready.wait_timeout(seen, left).expect("wait").0;
    }
  }
}

fn serve(stream: TcpStream, seen: &(Mutex<Vec<String>>, Condvar)) {
  let mut reader = BufReader::new(stream.try_clone().expect("clone"));
  let mut line = String::new();
  if reader.read_line(&mut line).is_err() {
    return;
  }
  let mut parts = line.split_whitespace();
  let method = parts.next().unwrap_or_default().to_owned();
  let target = parts.next().unwrap_or_default().to_owned();
  let mut content_length = 0usize;
  let mut chunked = false;
  loop {
    let mut header = String::new();
    if reader.read_line(&mut header).unwrap_or(0) == 0 {
      return;
    }
    let header = header.trim_end();
    if header.is_empty() {
      break;
    }
    let lower = header.to_ascii_lowercase();
    if let Some(v) = lower.strip_prefix("content-length:") {
      content_length = v.trim().parse().unwrap_or(0);
    }
    if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
      chunked = true;
    }
  }
  {
    let (lock, ready) = seen;
    lock.lock().expect("lock").push(target.clone());
    ready.notify_all();
  }
  let mut out = stream;
  if method == "POST" && target.starts_with("/echo") {
    let body = if chunked {
      read_chunked(&mut reader)
    } else {
      let mut body = vec![0; content_length];
      let _ = reader.read_exact(&mut body);
      body
    };
    let _ = write!(
      out,
      "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
      body.len()
    );
    let _ = out.write_all(&body);
    return;
  }
  if let Some(query) = target.strip_prefix("/tick?") {
    let get = |key: &str| {
      query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse::<u64>().ok())
    };
    let n = get("n").unwrap_or(3);
    let ms = get("ms").unwrap_or(100);
    let _ = out.write_all(
      b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
    );
    for i in 0..n {
      if i > 0 {
        std::thread::sleep(Duration::from_millis(ms));
      }
      let chunk = format!("tick {i}\n");
      if write!(out, "{:x}\r\n{chunk}\r\n", chunk.len()).is_err() {
        return;
      }
      let _ = out.flush();
    }
    let _ = out.write_all(b"0\r\n\r\n");
    return;
  }
  if target.starts_with("/json") {
    let body = br#"{"hello":"upstream","items":[1,2,3]}"#;
    let _ = write!(
      out,
      "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
      body.len()
    );
    let _ = out.write_all(body);
    return;
  }
  let _ = out.write_all(
    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
  );
}

fn read_chunked(reader: &mut impl BufRead) -> Vec<u8> {
  let mut body = Vec::new();
  loop {
    let mut size = String::new();
    if reader.read_line(&mut size).unwrap_or(0) == 0 {
      return body;
    }
    let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
    let mut chunk = vec![0; size + 2];
    if reader.read_exact(&mut chunk).is_err() || size == 0 {
      return body;
    }
    body.extend_from_slice(&chunk[..size]);
  }
}
