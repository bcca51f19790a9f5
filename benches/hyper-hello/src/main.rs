//! `hyper-hello [ADDR]`: answers every request with `{"hello":"world"}`.
//!
//! The upper bound for edgeroute on the same machine: the same hyper 1
//! HTTP/1.1 connection settings (keep-alive, TCP_NODELAY, one task per
//! connection on a multi-threaded tokio runtime) with no routing and no
//! JavaScript.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, body::Incoming, header};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

const BODY: &[u8] = br#"{"hello":"world"}"#;

async fn hello(
  _: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
  let mut response = Response::new(Full::new(Bytes::from_static(BODY)));
  response.headers_mut().insert(
    header::CONTENT_TYPE,
    header::HeaderValue::from_static("application/json"),
  );
  Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
  let addr = std::env::args()
    .nth(1)
    .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
  let listener = TcpListener::bind(&addr).await?;
  println!("Ready on http://{}", listener.local_addr()?);
  loop {
    let (stream, _) = listener.accept().await?;
    let _ = stream.set_nodelay(true);
    tokio::spawn(async move {
      let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service_fn(hello))
        .await;
    });
  }
}
