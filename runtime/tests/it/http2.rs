//! What HTTP/2 does its own way: a client leaves by resetting one stream
//! (RST_STREAM) while the connection stays, and a body is DATA frames with
//! or without a declared length. The rest of the suite runs over h2c as a
//! whole with `EDGEROUTE_TEST_HTTP=h2c` (`.ci/run` does).

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::client::conn::http2::SendRequest;

use crate::common::TestServer;
use crate::common::process::Running;
use crate::common::upstream::Upstream;

type Body =
  http_body_util::combinators::BoxBody<Bytes, std::convert::Infallible>;

/// A runtime whose worker drives the client's connection while the test
/// blocks on the upstream's reports.
fn runtime() -> tokio::runtime::Runtime {
  tokio::runtime::Builder::new_multi_thread()
    .worker_threads(1)
    .enable_all()
    .build()
    .expect("tokio runtime")
}

/// An HTTP/2 connection through the `h2` crate, which can reset a stream
/// by itself (RST_STREAM, CANCEL).
async fn h2_connect(addr: SocketAddr) -> h2::client::SendRequest<Bytes> {
  let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
  let (client, conn) = h2::client::handshake(tcp).await.expect("h2 handshake");
  tokio::spawn(conn);
  client.ready().await.expect("ready")
}

fn h2_get(path: &str, report: &str) -> http::Request<()> {
  http::Request::get(format!("http://x{path}"))
    .header("x-report", report)
    .body(())
    .expect("request")
}

#[test]
fn a_reset_stream_aborts_its_handler_and_the_connection_goes_on() {
  let server = Running::serve("test-apps/streaming", &[]);
  let wait = Duration::from_secs(5);
  runtime().block_on(async {
    let mut h2 = h2_connect(server.addr).await;

    // Mid-request: the stream reset while the handler awaits.
    let upstream = Upstream::start();
    let (_pending, mut stream) = h2
      .send_request(h2_get("/abort/slow", &upstream.url()), true)
      .expect("sent");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stream.send_reset(h2::Reason::CANCEL);
    let signal = upstream.wait_for("/signal", wait);
    assert_eq!(
      signal.as_deref(),
      Some("/signal?aborted=true&name=ResponseAborted&error=true"),
      "request.signal aborted when the stream was reset"
    );

    // Mid-stream: two chunks read, then the stream reset.
    let upstream = Upstream::start();
    let (response, mut stream) = h2
      .send_request(h2_get("/abort/stream", &upstream.url()), true)
      .expect("sent");
    let mut body = response.await.expect("an answer").into_body();
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("chunk 2") {
      let data = body.data().await.expect("more").expect("data");
      let _ = body.flow_control().release_capacity(data.len());
      seen.extend_from_slice(&data);
    }
    stream.send_reset(h2::Reason::CANCEL);
    assert_eq!(
      upstream.wait_for("/cancel", wait).as_deref(),
      Some("/cancel?name=ResponseAborted"),
      "the stream's cancel() ran when the client reset it"
    );
    assert_eq!(
      upstream.wait_for("/after", wait).as_deref(),
      Some("/after?pulls=0"),
      "the producer stopped at the cancel"
    );

    // The same connection serves on.
    let upstream = Upstream::start();
    let (response, _) = h2
      .send_request(h2_get("/stream", &upstream.url()), true)
      .expect("sent");
    let response = response.await.expect("an answer");
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    while let Some(data) = body.data().await {
      let data = data.expect("data");
      let _ = body.flow_control().release_capacity(data.len());
      bytes.extend_from_slice(&data);
    }
    assert_eq!(&bytes[..], b"<p>One</p><p>Two</p><p>Three</p>");
  });
  let logged = server.stderr();
  assert!(
    !logged.contains("ERROR"),
    "a reset is not an error:\n{logged}"
  );
}

/// A request body sent as `chunks`, one DATA frame each, with no declared
/// length unless `length` says one.
fn post(
  chunks: Vec<&'static [u8]>,
  length: Option<usize>,
) -> http::Request<Body> {
  let frames = futures::stream::iter(chunks.into_iter().map(|chunk| {
    Ok::<_, std::convert::Infallible>(http_body::Frame::data(
      Bytes::from_static(chunk),
    ))
  }));
  let mut request = http::Request::post("http://x/text");
  if let Some(length) = length {
    request = request.header("content-length", length);
  }
  request
    .body(http_body_util::StreamBody::new(frames).boxed())
    .expect("request")
}

#[test]
fn bodies_over_the_limit_get_413_over_http2() {
  let server = TestServer::start_with_body_limit("test-apps/bodies", 1024);
  static A: [u8; 600] = [b'a'; 600];
  static B: [u8; 1024] = [b'b'; 1024];
  runtime().block_on(async {
    let mut h2: SendRequest<Body> =
      crate::common::h2c::connect(server.addr).await;
    // Declared too large: answered from the headers.
    let answer = h2
      .send_request(post(vec![&A[..], &A[..], &A[..], &A[..]], Some(2400)))
      .await
      .expect("an answer");
    assert_eq!(answer.status(), 413);
    // No length declared, streamed past the limit while the handler reads.
    let answer = h2
      .send_request(post(vec![&A[..], &A[..]], None))
      .await
      .expect("an answer");
    assert_eq!(answer.status(), 413);
    // At the limit, in frames: accepted, on the same connection.
    let answer = h2
      .send_request(post(vec![&B[..512], &B[512..]], None))
      .await
      .expect("an answer");
    assert_eq!(answer.status(), 200);
    let echoed = answer.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(&echoed[..], &B[..]);
  });
}
