//! The suite's requests over HTTP/2 with prior knowledge (h2c), for
//! `EDGEROUTE_TEST_HTTP=h2c` (see [`super::protocol`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::RawResponse;

/// An h2c connection to `addr`, driven by a task of the current runtime.
pub async fn connect<B>(
  addr: SocketAddr,
) -> hyper::client::conn::http2::SendRequest<B>
where
  B: http_body::Body + Unpin + Send + 'static,
  B::Data: Send,
  B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
  let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
  let (sender, conn) = hyper::client::conn::http2::handshake(
    hyper_util::rt::TokioExecutor::new(),
    hyper_util::rt::TokioIo::new(stream),
  )
  .await
  .expect("h2c handshake");
  tokio::spawn(conn);
  sender
}

/// An answer's headers as [`RawResponse`] keeps them (bytes read as
/// ISO-8859-1, as the HTTP/1.1 client reads them).
fn header_map(headers: &http::HeaderMap) -> BTreeMap<String, Vec<String>> {
  let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
  for (name, value) in headers {
    out
      .entry(name.as_str().to_owned())
      .or_default()
      .push(value.as_bytes().iter().map(|&b| char::from(b)).collect());
  }
  out
}

/// The request over HTTP/2 with prior knowledge, on a connection of its
/// own: `Host` becomes `:authority`, HTTP/1.1's connection headers
/// (`Connection`, `Transfer-Encoding`, ...) are dropped as HTTP/2 has
/// none, the rest go as given.
pub fn request(
  addr: SocketAddr,
  method: &str,
  path: &str,
  headers: &[(&str, &str)],
  body: Option<&[u8]>,
) -> RawResponse {
  let body = http_body_util::Full::new(bytes::Bytes::copy_from_slice(
    body.unwrap_or_default(),
  ));
  exchange(addr, method, path, headers, body)
}

/// A request whose body is `chunks`, one DATA frame each, taken from the
/// iterator only as HTTP/2's flow control lets them go (so a server that
/// reads slowly slows the sender, and one that answers early stops it).
/// With `length`, the request declares it (`content-length`).
pub fn upload(
  addr: SocketAddr,
  path: &str,
  headers: &[(&str, &str)],
  length: Option<u64>,
  chunks: impl Iterator<Item = Vec<u8>> + Send + Unpin + 'static,
) -> RawResponse {
  let frames = futures::stream::iter(chunks.map(|chunk| {
    Ok::<_, std::convert::Infallible>(http_body::Frame::data(
      bytes::Bytes::from(chunk),
    ))
  }));
  let length = length.map(|length| length.to_string());
  let mut headers = headers.to_vec();
  if let Some(length) = &length {
    headers.push(("content-length", length));
  }
  exchange(
    addr,
    "POST",
    path,
    &headers,
    http_body_util::StreamBody::new(frames),
  )
}

fn exchange<B>(
  addr: SocketAddr,
  method: &str,
  path: &str,
  headers: &[(&str, &str)],
  body: B,
) -> RawResponse
where
  B: http_body::Body + Unpin + Send + 'static,
  B::Data: Send,
  B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
  use http_body_util::BodyExt;
  const CONNECTION_SPECIFIC: [&str; 5] = [
    "connection",
    "transfer-encoding",
    "keep-alive",
    "upgrade",
    "proxy-connection",
  ];
  let runtime = tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
    .expect("tokio runtime");
  runtime.block_on(async {
    let mut sender = connect(addr).await;
    let host = headers
      .iter()
      .find(|(name, _)| name.eq_ignore_ascii_case("host"))
      .map_or_else(|| addr.to_string(), |(_, value)| (*value).to_owned());
    let mut request = http::Request::builder()
      .method(method)
      .uri(format!("http://{host}{path}"));
    for (name, value) in headers {
      let lower = name.to_ascii_lowercase();
      if lower == "host" || CONNECTION_SPECIFIC.contains(&lower.as_str()) {
        continue;
      }
      // A field value's surrounding whitespace is HTTP/1.1's OWS, not
      // part of it; HTTP/2 forbids sending it (RFC 9113 §8.2.1).
      request = request.header(lower, value.trim_matches([' ', '\t']));
    }
    let request = request.body(body).expect("an h2 request");
    let response =
      tokio::time::timeout(ANSWER_WITHIN, sender.send_request(request))
        .await
        .unwrap_or_else(|_| panic!("{method} {path}: no answer within 60 s"))
        .unwrap_or_else(|error| panic!("{method} {path}: {error}"));
    let status = response.status().as_u16();
    let headers = header_map(response.headers());
    let body = response
      .into_body()
      .collect()
      .await
      .unwrap_or_else(|error| panic!("{method} {path}: the body: {error}"))
      .to_bytes()
      .to_vec();
    RawResponse {
      status,
      headers,
      body,
    }
  })
}

const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// A GET whose answer's body is read as [`std::io::Read`]: a DATA frame is
/// taken off the connection only when the reader asks for more, so a test
/// that stops reading stops the server through HTTP/2's flow control, as
/// it would by not reading its socket over HTTP/1.1. Panics unless the
/// status is 200.
pub fn get_reader(addr: SocketAddr, path: &str) -> BodyReader {
  use http_body_util::BodyExt;
  let (frames, receiver) = tokio::sync::mpsc::channel::<bytes::Bytes>(1);
  let uri = format!("http://{addr}{path}");
  let thread = std::thread::spawn(move || {
    let runtime = tokio::runtime::Builder::new_current_thread()
      .enable_all()
      .build()
      .expect("tokio runtime");
    runtime.block_on(async move {
      let mut sender = connect(addr).await;
      let request = http::Request::get(&uri)
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .expect("request");
      let response = sender.send_request(request).await.expect("an answer");
      assert_eq!(response.status(), 200, "GET {uri}");
      let mut body = response.into_body();
      while let Some(frame) = body.frame().await {
        let Ok(data) = frame.expect("a frame").into_data() else {
          continue;
        };
        if frames.send(data).await.is_err() {
          break; // The reader is gone.
        }
      }
    });
  });
  BodyReader {
    receiver,
    pending: bytes::Bytes::new(),
    thread: Some(thread),
  }
}

/// See [`get_reader`].
pub struct BodyReader {
  receiver: tokio::sync::mpsc::Receiver<bytes::Bytes>,
  pending: bytes::Bytes,
  thread: Option<std::thread::JoinHandle<()>>,
}

impl std::io::Read for BodyReader {
  fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
    while self.pending.is_empty() {
      match self.receiver.blocking_recv() {
        Some(data) => self.pending = data,
        None => {
          // The body ended, or the client failed: its panic is the test's.
          if let Some(thread) = self.thread.take()
            && let Err(panic) = thread.join()
          {
            std::panic::resume_unwind(panic);
          }
          return Ok(0);
        }
      }
    }
    let n = buf.len().min(self.pending.len());
    buf[..n].copy_from_slice(&self.pending.split_to(n));
    Ok(n)
  }
}

/// [`super::arrivals`] over h2c: the body's DATA frames as they come.
pub fn arrivals(
  addr: SocketAddr,
  method: &str,
  path: &str,
  headers: &str,
  body: Option<&[u8]>,
  wanted: &[&str],
) -> (Vec<Duration>, RawResponse) {
  use http_body_util::BodyExt;
  let runtime = tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
    .expect("tokio runtime");
  runtime.block_on(async {
    let mut sender = connect(addr).await;
    let mut request = http::Request::builder()
      .method(method)
      .uri(format!("http://x{path}"));
    for line in headers.split("\r\n").filter(|l| !l.is_empty()) {
      let (name, value) = line.split_once(':').expect("a header line");
      request = request.header(name.trim(), value.trim());
    }
    let request = request
      .body(http_body_util::Full::new(bytes::Bytes::copy_from_slice(
        body.unwrap_or_default(),
      )))
      .expect("request");
    let started = Instant::now();
    let response = sender.send_request(request).await.expect("an answer");
    let status = response.status().as_u16();
    let mut got = RawResponse {
      status,
      headers: header_map(response.headers()),
      body: Vec::new(),
    };
    let mut times = Vec::new();
    let mut body = response.into_body();
    while let Some(frame) = body.frame().await {
      let frame = frame.expect("a frame");
      if let Ok(data) = frame.into_data() {
        got.body.extend_from_slice(&data);
        super::note_arrivals(&got, wanted, started, &mut times);
      }
    }
    (times, got)
  })
}
