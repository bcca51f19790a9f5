//! An HTTP/1.1 client that keeps one connection open across requests
//! (keep-alive and pipelining tests, and clients that must stay on the
//! connection, so on the thread, that the server gave them).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::RawResponse;

/// An HTTP/1.1 client that keeps one connection open.
pub struct Connection {
  stream: TcpStream,
  addr: SocketAddr,
  /// Bytes read past the previous answer.
  buffered: Vec<u8>,
}

impl Connection {
  pub fn open(addr: SocketAddr) -> Connection {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
      .set_read_timeout(Some(Duration::from_secs(30)))
      .expect("timeout");
    Connection {
      stream,
      addr,
      buffered: Vec::new(),
    }
  }

  /// Writes a GET without `Connection: close`.
  pub fn send_get(&mut self, path: &str) {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
    self
      .stream
      .write_all(head.as_bytes())
      .expect("write request");
  }

  /// Reads exactly one answer (the server sends Content-Length for every
  /// answer these routes give).
  pub fn read_answer(&mut self) -> RawResponse {
    let head_end = loop {
      if let Some(end) = self.buffered.windows(4).position(|w| w == b"\r\n\r\n")
      {
        break end + 4;
      }
      self.fill();
    };
    let head = String::from_utf8_lossy(&self.buffered[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
      .next()
      .and_then(|line| line.split(' ').nth(1))
      .and_then(|code| code.parse().ok())
      .unwrap_or_else(|| panic!("bad status line in {head:?}"));
    let mut answer = RawResponse {
      status,
      headers: Default::default(),
      body: Vec::new(),
    };
    for line in lines {
      if let Some((name, value)) = line.split_once(':') {
        answer
          .headers
          .entry(name.trim().to_ascii_lowercase())
          .or_default()
          .push(value.trim().to_owned());
      }
    }
    let length: usize = answer
      .header("content-length")
      .unwrap_or_else(|| panic!("no content-length in {head:?}"))
      .parse()
      .expect("content-length");
    while self.buffered.len() < head_end + length {
      self.fill();
    }
    answer.body = self.buffered[head_end..head_end + length].to_vec();
    self.buffered.drain(..head_end + length);
    answer
  }

  pub fn get(&mut self, path: &str) -> RawResponse {
    self.send_get(path);
    self.read_answer()
  }

  fn fill(&mut self) {
    let mut chunk = [0u8; 8192];
    let n = self.stream.read(&mut chunk).expect("read");
    assert!(n > 0, "the server closed the connection");
    self.buffered.extend_from_slice(&chunk[..n]);
  }
}
