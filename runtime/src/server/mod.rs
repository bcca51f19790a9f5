//! The HTTP/1.1 server: accept loop, keep-alive connections, graceful
//! shutdown.

mod answer;
mod compress;
mod limit;
mod service;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::app::App;
use crate::error::Error;
pub use limit::DEFAULT_MAX_BODY_SIZE;
pub use service::ServeContext;

/// How long shutdown waits for in-flight requests.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// An app bound to a listening socket.
#[derive(Debug)]
pub struct Server {
  listener: TcpListener,
  ctx: Arc<ServeContext>,
}

impl Server {
  /// Listens on `hostname:port` (port 0 picks a free one). `request.url`
  /// in handlers uses this hostname and the bound port, as `next start`
  /// does.
  pub async fn bind(
    app: Arc<App>,
    hostname: &str,
    port: u16,
  ) -> Result<Server, Error> {
    let addr = format!("{hostname}:{port}");
    let listener = TcpListener::bind(&addr)
      .await
      .map_err(|source| Error::Bind { addr, source })?;
    let local = listener.local_addr()?;
    let host = if hostname.contains(':') && !hostname.starts_with('[') {
      format!("[{hostname}]")
    } else {
      hostname.to_owned()
    };
    let origin = format!("http://{host}:{}", local.port());
    let port = local.port();
    Ok(Server {
      listener,
      ctx: Arc::new(ServeContext {
        app,
        origin,
        port,
        max_body_size: limit::DEFAULT_MAX_BODY_SIZE,
        compress: true,
      }),
    })
  }

  /// The address the server listens on.
  pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
    self.listener.local_addr()
  }

  /// Sets the largest request body accepted (default 10 MiB); larger
  /// bodies are answered 413.
  pub fn max_body_size(mut self, bytes: u64) -> Self {
    if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
      ctx.max_body_size = bytes;
    }
    self
  }

  /// Turns response compression on (the default, as `next start`) or
  /// off (`--no-compress`).
  pub fn compress(mut self, on: bool) -> Self {
    if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
      ctx.compress = on;
    }
    self
  }

  /// Where the server can be reached (`http://hostname:port`).
  pub fn origin(&self) -> &str {
    &self.ctx.origin
  }

  /// Serves until `shutdown` resolves, then stops accepting and waits for
  /// in-flight requests to finish (at most 10 s).
  pub async fn run(
    self,
    shutdown: impl Future<Output = ()>,
  ) -> Result<(), Error> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
      let (stream, peer) = tokio::select! {
        accepted = self.listener.accept() => match accepted {
          Ok(accepted) => accepted,
          Err(error) => {
            // Out of file descriptors and the like: keep serving.
            tracing::warn!("accept failed: {error}");
            continue;
          }
        },
        () = &mut shutdown => break,
      };
      let _ = stream.set_nodelay(true);
      let ctx = self.ctx.clone();
      let service = service_fn(move |req| {
        let ctx = ctx.clone();
        async move { Ok::<_, Infallible>(service::handle(ctx, peer, req).await) }
      });
      let conn = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
      let conn = graceful.watch(conn);
      tokio::spawn(async move {
        if let Err(error) = conn.await {
          tracing::debug!("connection ended with an error: {error}");
        }
      });
    }
    drop(self.listener);
    // In-flight requests finish; a response that never ends (an endless
    // stream) does not hold the process forever.
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
      .await
      .is_err()
    {
      tracing::warn!(
        "connections still open after {}s; closing them",
        SHUTDOWN_GRACE.as_secs()
      );
    }
    Ok(())
  }
}
