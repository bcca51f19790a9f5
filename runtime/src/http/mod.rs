//! The HTTP/1.1 server: accept loop, keep-alive connections, graceful
//! shutdown ([`Server`]), and the request path, one concept per file:
//!
//! | file | what it holds |
//! |---|---|
//! | `accept.rs` | the accept loop's back-off when descriptors run out; the open-files limit |
//! | `conn.rs` | one connection: header-read and keep-alive timeouts, close on shutdown |
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

mod accept;
mod compress;
mod conn;
mod dispatch;
mod front;
mod handle;
mod limit;
mod prerendered;
mod proxy;
mod reject;
mod request;
mod upstream;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

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
  /// Connection timeouts and the connection cap.
  pub connections: ConnectionLimits,
  /// Where external rewrites are forwarded through.
  pub upstream: upstream::Upstream,
}

pub use accept::raise_open_files_limit;

/// How long shutdown waits for in-flight requests.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How long connections may take, and how many may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
  /// Longest a client may take to send a request head (default 30 s, as
  /// hyper and nginx); the connection is closed then.
  pub header_timeout: Duration,
  /// An idle connection (no request in flight, nothing sent) is closed
  /// after this long (default 5 s, `next start`'s `keepAliveTimeout`).
  pub keep_alive_timeout: Duration,
  /// Longest wait for the next part of a request body (default 30 s);
  /// the request is then answered 408. Apart from the handler's wall
  /// clock, which counts the whole call.
  pub body_timeout: Duration,
  /// Most connections open at once; more wait in the kernel's backlog
  /// (default: half the process's open-files limit, at least 64).
  pub max_connections: usize,
}

impl Default for ConnectionLimits {
  fn default() -> Self {
    Self {
      header_timeout: Duration::from_secs(30),
      keep_alive_timeout: Duration::from_secs(5),
      body_timeout: Duration::from_secs(30),
      max_connections: accept::default_max_connections(),
    }
  }
}

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
        app: app.clone(),
        dispatcher: PoolDispatcher,
        port,
        max_body_size: limit::DEFAULT_MAX_BODY_SIZE,
        // next.config's `compress: false` turns it off too.
        compress: app.front().config.compress,
        connections: ConnectionLimits::default(),
        upstream: upstream::Upstream::new()?,
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
  /// off (`--no-compress`); next.config's `compress: false` keeps it off.
  pub fn compress(mut self, on: bool) -> Self {
    if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
      ctx.compress = on && ctx.app.front().config.compress;
    }
    self
  }

  /// Sets the connection timeouts and the connection cap.
  pub fn connections(mut self, limits: ConnectionLimits) -> Self {
    if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
      ctx.connections = limits;
    }
    self
  }

  /// Where the server can be reached (`http://hostname:port`).
  pub fn origin(&self) -> &str {
    &self.listen_url
  }

  /// Serves until `shutdown` resolves, then stops accepting: idle and
  /// half-open connections close at once, and requests in flight get up
  /// to 10 s to finish.
  pub async fn run(
    self,
    shutdown: impl Future<Output = ()>,
  ) -> Result<(), Error> {
    let limits = self.ctx.connections;
    let max =
      u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX >> 3);
    let slots = Arc::new(Semaphore::new(max as usize));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut backoff = accept::Backoff::default();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
      // At the cap, stop accepting: new connections wait in the backlog.
      let slot = tokio::select! {
        slot = slots.clone().acquire_owned() => match slot {
          Ok(slot) => slot,
          Err(_) => break,
        },
        () = &mut shutdown => break,
      };
      let (stream, peer) = tokio::select! {
        accepted = self.listener.accept() => match accepted {
          Ok(accepted) => {
            backoff.succeeded();
            accepted
          }
          Err(error) => {
            drop(slot);
            backoff.failed(&error).await;
            continue;
          }
        },
        () = &mut shutdown => break,
      };
      let ctx = self.ctx.clone();
      let stop = stop_rx.clone();
      tokio::spawn(conn::serve(ctx, stream, peer, limits, stop, slot));
    }
    drop(self.listener);
    let _ = stop_tx.send(true);
    // Every connection gives its slot back when it ends; an answer that
    // never ends (an endless stream) does not hold the process forever.
    let all_closed = slots.acquire_many(max);
    if tokio::time::timeout(SHUTDOWN_GRACE, all_closed)
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
