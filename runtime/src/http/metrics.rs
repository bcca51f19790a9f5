//! `--metrics ADDR`: the app's metrics in the Prometheus (OpenMetrics)
//! text format, on a listener of their own, at `GET /metrics`.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::app::App;
use crate::error::Error;

const CONTENT_TYPE: &str =
  "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The metrics endpoint, bound.
#[derive(Debug)]
pub struct MetricsServer {
  listener: TcpListener,
  app: Arc<App>,
}

impl MetricsServer {
  /// Listens on `addr` (`host:port`; port 0 picks a free one).
  pub async fn bind(app: Arc<App>, addr: &str) -> Result<MetricsServer, Error> {
    let listener =
      TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind {
          addr: addr.to_owned(),
          source,
        })?;
    Ok(MetricsServer { listener, app })
  }

  /// The address it listens on.
  pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
    self.listener.local_addr()
  }

  /// Answers scrapes until `shutdown` resolves.
  pub async fn run(self, shutdown: impl Future<Output = ()>) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
      let stream = tokio::select! {
        accepted = self.listener.accept() => match accepted {
          Ok((stream, _)) => stream,
          Err(error) => {
            tracing::debug!("metrics listener: {error}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
          }
        },
        () = &mut shutdown => return,
      };
      let app = self.app.clone();
      tokio::spawn(async move {
        let service = service_fn(move |request: Request<Incoming>| {
          let answer = scrape(&app, &request);
          async move { Ok::<_, Infallible>(answer) }
        });
        let _ = http1::Builder::new()
          .serve_connection(TokioIo::new(stream), service)
          .await;
      });
    }
  }
}

fn scrape(app: &App, request: &Request<Incoming>) -> Response<Full<Bytes>> {
  let found = request.uri().path() == "/metrics"
    && matches!(*request.method(), Method::GET | Method::HEAD);
  let (status, body) = if found {
    (StatusCode::OK, app.metrics_text())
  } else {
    (
      StatusCode::NOT_FOUND,
      "metrics are at GET /metrics\n".to_owned(),
    )
  };
  let mut response = Response::new(Full::new(Bytes::from(body)));
  *response.status_mut() = status;
  let content_type = if found { CONTENT_TYPE } else { "text/plain" };
  response.headers_mut().insert(
    header::CONTENT_TYPE,
    header::HeaderValue::from_static(content_type),
  );
  response
}
