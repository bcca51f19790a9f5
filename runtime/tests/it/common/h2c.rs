//! The suite's requests over HTTP/2 with prior knowledge (h2c), for
//! `EDGEROUTE_TEST_HTTP=h2c` (see [`super::protocol`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::{RawResponse, decode_partial};

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
    let body = http_body_util::Full::new(bytes::Bytes::copy_from_slice(
      body.unwrap_or_default(),
    ));
    let request = request.body(body).expect("an h2 request");
    let response = tokio::time::timeout(
      Duration::from_secs(30),
      sender.send_request(request),
    )
    .await
    .unwrap_or_else(|_| panic!("{method} {path}: no answer within 30 s"))
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

/// [`super::arrivals`] over h2c: the body's DATA frames as they come.
pub fn arrivals(
  addr: SocketAddr,
  path: &str,
  headers: &str,
  wanted: &[&str],
) -> (Vec<Duration>, RawResponse) {
  use http_body_util::BodyExt;
  let runtime = tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
    .expect("tokio runtime");
  runtime.block_on(async {
    let mut sender = connect(addr).await;
    let mut request = http::Request::get(format!("http://x{path}"));
    for line in headers.split("\r\n").filter(|l| !l.is_empty()) {
      let (name, value) = line.split_once(':').expect("a header line");
      request = request.header(name.trim(), value.trim());
    }
    let request = request
      .body(http_body_util::Empty::<bytes::Bytes>::new())
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
        let text = String::from_utf8_lossy(&decode_partial(&got)).into_owned();
        while times.len() < wanted.len() && text.contains(wanted[times.len()]) {
          times.push(started.elapsed());
        }
      }
    }
    (times, got)
  })
}
