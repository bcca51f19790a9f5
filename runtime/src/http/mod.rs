//! The HTTP/1.1 server: accept loop, keep-alive connections, graceful
//! shutdown ([`Server`]), and the request path, one concept per file:
//!
//! | file | what it holds |
//! |---|---|
//! | `handle.rs` | one request, step by step |
//! | `request.rs` | canonical path, `request.url`, `x-forwarded-*`, the body limit |
//! | `dispatch.rs` | the [`Dispatcher`](dispatch::Dispatcher) seam to the isolates, the wall clock |
//! | `prerendered.rs` | stored answers of prerendered GET handlers |
//! | `reject.rs` | every answer the server makes itself, and its status |
//! | `compress.rs` | gzip / deflate / br |
//! | `limit.rs` | the body that stops at its limit |
//!
//! The method rules are Next.js's and live with the route rules
//! (`edgeroute_routes::methods`).

mod compress;
mod dispatch;
mod handle;
mod limit;
mod prerendered;
mod reject;
mod request;

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
use dispatch::PoolDispatcher;
pub use limit::DEFAULT_MAX_BODY_SIZE;

/// Per-server facts a request needs.
#[derive(Debug)]
pub(crate) struct ServeContext {
  /// The app being served.
  pub app: Arc<App>,
  /// How handler calls reach the isolates.
  pub dispatcher: PoolDispatcher,
  /// The port the server listens on (`request.url` says
  /// `localhost:<port>`, as `next start` does).
  pub port: u16,
  /// Largest request body accepted, in bytes.
  pub max_body_size: u64,
  /// Whether answers are compressed for clients that accept it.
  pub compress: bool,
}

/// How long shutdown waits for in-flight requests.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// An app bound to a listening socket.
#[derive(Debug)]
pub struct Server {
  listener: TcpListener,
  /// `http://hostname:port`: where the server can be reached.
  listen_url: String,
  ctx: Arc<ServeContext>,
}

impl Server {
  /// Listens on `hostname:port` (port 0 picks a free one). `request.url`
  /// in handlers is `http://localhost:<bound port>/...` whatever the
  /// hostname, as `next start` builds it.
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
    let listen_url = format!("http://{host}:{}", local.port());
    let port = local.port();
    Ok(Server {
      listener,
      listen_url,
      ctx: Arc::new(ServeContext {
        app,
        dispatcher: PoolDispatcher,
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
    &self.listen_url
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
        async move { Ok::<_, Infallible>(handle::handle(ctx, peer, req).await) }
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
