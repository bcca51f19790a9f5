//! One client connection: hyper's HTTP/1.1 connection with its timer (so
//! the header-read timeout works), closed when idle past the keep-alive
//! timeout, and on shutdown closed at once unless a request is in flight.
//! What counts as idle: no request in flight and nothing read from the
//! client for the keep-alive timeout — a client sending a head slowly is
//! not idle, and the header-read timeout stops it instead.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use edgeroute_http::{ResponseBody, StreamError};
use http_body::{Body, Frame, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, watch};

use super::{ConnectionLimits, ServeContext, handle};

/// The largest request head (request line and headers) accepted; larger
/// heads are answered 431 before any work, as Node's default
/// `--max-http-header-size`, which `next start` runs under, answers them.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// What a connection is doing, for its idle check.
#[derive(Debug)]
struct Activity {
  started: Instant,
  /// Requests whose answer is not fully sent yet.
  in_flight: AtomicUsize,
  /// When the client last sent bytes or an answer was finished, in
  /// nanoseconds since `started`.
  last_active: AtomicU64,
}

impl Activity {
  fn new() -> Self {
    Self {
      started: Instant::now(),
      in_flight: AtomicUsize::new(0),
      last_active: AtomicU64::new(0),
    }
  }

  fn touch(&self) {
    let nanos =
      u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    self.last_active.store(nanos, Ordering::Release);
  }

  fn in_flight(&self) -> usize {
    self.in_flight.load(Ordering::Acquire)
  }

  /// Resolves once the connection has been idle for `timeout`.
  async fn idle_for(&self, timeout: Duration) {
    loop {
      let last = Duration::from_nanos(self.last_active.load(Ordering::Acquire));
      let idle_until = self.started + last + timeout;
      if self.in_flight() == 0 && Instant::now() >= idle_until {
        return;
      }
      let wake = if self.in_flight() == 0 {
        idle_until
      } else {
        Instant::now() + timeout
      };
      tokio::time::sleep_until(wake.into()).await;
    }
  }
}

/// Counts a request in flight until its answer is sent (or dropped).
#[derive(Debug)]
struct InFlight(Arc<Activity>);

impl InFlight {
  fn enter(activity: &Arc<Activity>) -> Self {
    activity.in_flight.fetch_add(1, Ordering::AcqRel);
    Self(activity.clone())
  }
}

impl Drop for InFlight {
  fn drop(&mut self) {
    self.0.touch();
    self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
  }
}

/// An answer's body that keeps its request counted until hyper has sent
/// it all (or dropped it).
#[derive(Debug)]
pub(crate) struct ServedBody {
  body: ResponseBody,
  _in_flight: InFlight,
}

impl Body for ServedBody {
  type Data = Bytes;
  type Error = StreamError;

  fn poll_frame(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, StreamError>>> {
    Pin::new(&mut self.get_mut().body).poll_frame(cx)
  }

  fn is_end_stream(&self) -> bool {
    self.body.is_end_stream()
  }

  fn size_hint(&self) -> SizeHint {
    self.body.size_hint()
  }
}

/// The client's socket, noting when the client sends something.
struct Tracked {
  stream: TcpStream,
  activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
  fn poll_read(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
  ) -> Poll<std::io::Result<()>> {
    let this = self.get_mut();
    let before = buf.filled().len();
    let poll = Pin::new(&mut this.stream).poll_read(cx, buf);
    if buf.filled().len() > before {
      this.activity.touch();
    }
    poll
  }
}

impl AsyncWrite for Tracked {
  fn poll_write(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    buf: &[u8],
  ) -> Poll<std::io::Result<usize>> {
    Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
  }

  fn poll_flush(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<std::io::Result<()>> {
    Pin::new(&mut self.get_mut().stream).poll_flush(cx)
  }

  fn poll_shutdown(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<std::io::Result<()>> {
    Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
  }

  fn poll_write_vectored(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    bufs: &[std::io::IoSlice<'_>],
  ) -> Poll<std::io::Result<usize>> {
    Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
  }

  fn is_write_vectored(&self) -> bool {
    self.stream.is_write_vectored()
  }
}

/// Serves one connection until the client leaves, it idles out, or the
/// server shuts down; `slot` is its place under `--max-connections`.
pub(crate) async fn serve(
  ctx: Arc<ServeContext>,
  stream: TcpStream,
  peer: SocketAddr,
  limits: ConnectionLimits,
  mut shutdown: watch::Receiver<bool>,
  slot: OwnedSemaphorePermit,
) {
  let _ = stream.set_nodelay(true);
  let activity = Arc::new(Activity::new());
  let io = TokioIo::new(Tracked {
    stream,
    activity: activity.clone(),
  });
  let requests = activity.clone();
  let service = service_fn(move |req| {
    let in_flight = InFlight::enter(&requests);
    let ctx = ctx.clone();
    async move {
      let response = handle::handle(ctx, peer, req).await;
      Ok::<_, Infallible>(response.map(|body| ServedBody {
        body,
        _in_flight: in_flight,
      }))
    }
  });
  let mut builder = http1::Builder::new();
  builder
    .timer(TokioTimer::new())
    .header_read_timeout(limits.header_timeout)
    .max_header_size(MAX_HEAD_BYTES)
    .keep_alive(true);
  let conn = builder.serve_connection(io, service);
  tokio::pin!(conn);
  let mut closing = false;
  loop {
    tokio::select! {
      result = conn.as_mut() => {
        if let Err(error) = result {
          tracing::debug!("connection from {peer} ended with an error: {error}");
        }
        break;
      }
      () = activity.idle_for(limits.keep_alive_timeout), if !closing => {
        // Nothing in flight: closing loses nothing.
        break;
      }
      changed = shutdown.changed(), if !closing => {
        if changed.is_err() || activity.in_flight() == 0 {
          break;
        }
        // Finish what is in flight, then close.
        conn.as_mut().graceful_shutdown();
        closing = true;
      }
    }
  }
  drop(slot);
}
