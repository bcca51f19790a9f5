//! The HTTP/1.1 and HTTP/2 server (clear text or TLS): the app as a
//! service ([`AppService`]), accept loop, keep-alive connections, graceful
//! shutdown ([`Server`]), and the request path, one concept per file:
//!
//! | file | what it holds |
//! |---|---|
//! | `accept.rs` | the accept loop's back-off when descriptors run out; the open-files limit |
//! | `conn.rs` | one connection: header-read and keep-alive timeouts, close on shutdown |
//! | `service.rs` | the app as a `tower::Service`; [`ClientInfo`] |
//! | `handle.rs` | one request, step by step |
//! | `request.rs` | canonical path, `request.url`, `x-forwarded-*`, the body limit |
//! | `dispatch.rs` | the [`Dispatcher`](dispatch::Dispatcher) seam to the isolates, the wall clock |
//! | `build.rs` | the build step: prerendered GETs and `generateStaticParams()` rendered when a version starts serving |
//! | `prerendered.rs` | stored answers of prerendered GET handlers |
//! | `reject.rs` | every answer the server makes itself, and its status |
//! | `compress.rs` | gzip / deflate / br |
//! | `limit.rs` | the body that stops at its limit |
//!
//! The method rules are Next.js's and live with the route rules
//! (`edgeroute_routes::methods`).

mod accept;
mod access_log;
mod build;
mod compress;
mod conn;
mod dispatch;
mod front;
mod handle;
mod limit;
mod metrics;
mod prerendered;
mod protocol;
mod proxy;
mod reject;
mod request;
mod service;
mod tls;
pub(crate) mod upstream;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::app::App;
use crate::error::Error;
pub use access_log::AccessLog;
use dispatch::PoolDispatcher;
pub use limit::DEFAULT_MAX_BODY_SIZE;
pub use metrics::MetricsServer;
pub use service::{AppService, ClientInfo};
pub use tls::Tls;

/// What a request needs besides itself: the app and the service's
/// settings (an [`AppService`]'s, shared by its clones).
#[derive(Debug, Clone)]
pub(crate) struct ServeContext {
  /// The app being served.
  pub app: Arc<App>,
  /// How handler calls reach the isolates.
  pub dispatcher: PoolDispatcher,
  /// Largest request body accepted, in bytes.
  pub max_body_size: u64,
  /// Whether answers are compressed for clients that accept it (unless
  /// next.config's `compress` is false).
  pub compress: bool,
  /// Longest pause in a request body before 408.
  pub body_timeout: Duration,
}

pub use accept::raise_open_files_limit;

/// Runs the build step of every prerendered route of `app`
/// ([`build::build_all`]), its calls counted in `metrics`.
pub(crate) async fn build_all(
  metrics: Arc<crate::metrics::Metrics>,
  app: Arc<crate::app::Version>,
) {
  build::build_all(dispatch::PoolDispatcher { metrics }, app).await;
}

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

/// What an accept loop needs: the service, the connections' settings,
/// their cap and the signal that ends them.
#[derive(Debug, Clone)]
struct Accepting {
  service: AppService,
  limits: ConnectionLimits,
  access_log: AccessLog,
  tls: Option<Arc<Tls>>,
  port: u16,
  slots: Arc<Semaphore>,
  stop: watch::Receiver<bool>,
  /// Accept loops out of descriptors ([`accept::Backoff`]).
  failing: Arc<std::sync::atomic::AtomicUsize>,
}

impl Accepting {
  /// Accepts connections from `listener` until `shutdown` resolves, each
  /// served by a task of the calling thread's runtime.
  async fn run(
    &self,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
  ) {
    let mut backoff = accept::Backoff::sharing(self.failing.clone());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
      // At the cap, stop accepting: new connections wait in the backlog.
      let slot = tokio::select! {
        slot = self.slots.clone().acquire_owned() => match slot {
          Ok(slot) => slot,
          Err(_) => break,
        },
        () = &mut shutdown => break,
      };
      let (stream, peer) = tokio::select! {
        accepted = listener.accept() => match accepted {
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
      let mut client = ClientInfo::local(peer, self.port);
      client.https = self.tls.is_some();
      let serving = conn::Serving {
        app: self.service.clone(),
        client: Arc::new(client),
        limits: self.limits,
        access_log: self.access_log,
        tls: self.tls.as_ref().map(|tls| tls.acceptor()),
      };
      tokio::spawn(conn::serve(serving, stream, self.stop.clone(), slot));
    }
  }
}

/// An app bound to a listening socket: a thin user of [`AppService`],
/// which answers each request.
#[derive(Debug)]
pub struct Server {
  listener: TcpListener,
  /// `http://hostname:port`: where the server can be reached.
  listen_url: String,
  service: AppService,
  connections: ConnectionLimits,
  access_log: AccessLog,
  tls: Option<Arc<Tls>>,
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
    Ok(Server {
      listener,
      listen_url,
      service: AppService::new(app),
      connections: ConnectionLimits::default(),
      access_log: AccessLog::Off,
      tls: None,
    })
  }

  /// The address the server listens on.
  pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
    self.listener.local_addr()
  }

  /// Sets the largest request body accepted (default 10 MiB); larger
  /// bodies are answered 413.
  pub fn max_body_size(mut self, bytes: u64) -> Self {
    self.service = self.service.max_body_size(bytes);
    self
  }

  /// Turns response compression on (the default, as `next start`) or
  /// off (`--no-compress`); next.config's `compress: false` keeps it off.
  pub fn compress(mut self, on: bool) -> Self {
    self.service = self.service.compress(on);
    self
  }

  /// Sets the connection timeouts and the connection cap.
  pub fn connections(mut self, limits: ConnectionLimits) -> Self {
    self.service = self.service.body_timeout(limits.body_timeout);
    self.connections = limits;
    self
  }

  /// Writes a line per request to stdout (`--access-log`); off by
  /// default.
  pub fn access_log(mut self, format: AccessLog) -> Self {
    self.access_log = format;
    self
  }

  /// Serves HTTPS with `tls` (ALPN h2 and http/1.1) instead of clear
  /// text; [`Tls::reload`] swaps its certificate for new connections.
  pub fn tls(mut self, tls: Arc<Tls>) -> Self {
    if let Some(rest) = self.listen_url.strip_prefix("http://") {
      self.listen_url = format!("https://{rest}");
    }
    self.tls = Some(tls);
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
    let limits = self.connections;
    let port = self.listener.local_addr()?.port();
    let max =
      u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX >> 3);
    let slots = Arc::new(Semaphore::new(max as usize));
    let (stop_tx, stop_rx) = watch::channel(false);
    let accepting = Accepting {
      service: self.service.clone(),
      limits,
      access_log: self.access_log,
      tls: self.tls.clone(),
      port,
      slots: slots.clone(),
      stop: stop_rx,
      failing: Arc::default(),
    };
    match self.service.app().cores().cloned() {
      None => accepting.run(self.listener, shutdown).await,
      Some(cores) => {
        // Every core thread accepts from the same socket: a thread busy
        // in JS is not polling it, so new connections go to the others.
        let listener = self.listener.into_std()?;
        let (done_tx, _) = watch::channel(false);
        for index in 0..cores.len() {
          let listener = listener.try_clone()?;
          let accepting = accepting.clone();
          let mut done = done_tx.subscribe();
          cores.spawn(index, async move {
            let listener = match TcpListener::from_std(listener) {
              Ok(listener) => listener,
              Err(error) => {
                tracing::error!("core thread {index} cannot accept: {error}");
                return;
              }
            };
            let stopped = async move {
              let _ = done.wait_for(|done| *done).await;
            };
            accepting.run(listener, stopped).await;
          })?;
        }
        drop(listener);
        shutdown.await;
        let _ = done_tx.send(true);
      }
    }
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
