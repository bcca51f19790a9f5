//! One client connection, HTTP/1.1 or HTTP/2, in clear text or TLS:
//! hyper's connection with its timer (so the header-read timeout works), closed when idle past the keep-alive
//! timeout, and on shutdown closed at once unless a request is in flight.
//! What counts as idle: no request in flight and nothing read from the
//! client for the keep-alive timeout — a client sending a head slowly is
//! not idle, and the header-read timeout stops it instead.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use edgeroute_http::{ResponseBody, StreamError};
use http_body::{Body, Frame, SizeHint};
use hyper::server::conn::{http1, http2};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, watch};
use tokio_rustls::TlsAcceptor;

use super::access_log::{AccessLog, Entry};
use super::protocol::{self, Protocol};
use super::{AppService, ClientInfo, ConnectionLimits};

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
/// it all (or dropped it), and writes its access log line then.
#[derive(Debug)]
pub(crate) struct ServedBody {
  body: ResponseBody,
  log: Option<Entry>,
  _in_flight: InFlight,
}

impl Body for ServedBody {
  type Data = Bytes;
  type Error = StreamError;

  fn poll_frame(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, StreamError>>> {
    let this = self.get_mut();
    let poll = Pin::new(&mut this.body).poll_frame(cx);
    if let (Some(log), Poll::Ready(Some(Ok(frame)))) = (&mut this.log, &poll)
      && let Some(data) = frame.data_ref()
    {
      log.bytes += data.len() as u64;
    }
    poll
  }

  fn is_end_stream(&self) -> bool {
    self.body.is_end_stream()
  }

  fn size_hint(&self) -> SizeHint {
    self.body.size_hint()
  }
}

/// The client's connection, noting when the client sends something, with
/// the bytes read to tell its protocol (`first`) handed to the parser
/// before the rest.
struct Tracked<S> {
  stream: S,
  first: Vec<u8>,
  at: usize,
  activity: Arc<Activity>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Tracked<S> {
  fn poll_read(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
  ) -> Poll<std::io::Result<()>> {
    let this = self.get_mut();
    if this.at < this.first.len() {
      let rest = &this.first[this.at..];
      let n = rest.len().min(buf.remaining());
      buf.put_slice(&rest[..n]);
      this.at += n;
      return Poll::Ready(Ok(()));
    }
    let before = buf.filled().len();
    let poll = Pin::new(&mut this.stream).poll_read(cx, buf);
    if buf.filled().len() > before {
      this.activity.touch();
    }
    poll
  }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Tracked<S> {
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

/// What a connection is served with.
pub(crate) struct Serving {
  pub app: AppService,
  pub client: Arc<ClientInfo>,
  pub limits: ConnectionLimits,
  pub access_log: AccessLog,
  pub tls: Option<TlsAcceptor>,
}

/// Serves one connection until the client leaves, it idles out, or the
/// server shuts down; `slot` is its place under `--max-connections`.
/// HTTP/1.1 or HTTP/2: ALPN's choice over TLS, the client's first bytes
/// in clear text (h2c with prior knowledge).
pub(crate) async fn serve(
  serving: Serving,
  stream: TcpStream,
  mut shutdown: watch::Receiver<bool>,
  slot: OwnedSemaphorePermit,
) {
  let _ = stream.set_nodelay(true);
  let _open = serving.app.app().metrics_handle().connection();
  let head_time = serving.limits.header_timeout;
  let peer = serving.client.addr;
  // A client that sends nothing at all is idle: closed at the keep-alive
  // timeout. Once it has begun, the head (or handshake) has the header
  // timeout.
  let idle = serving.limits.keep_alive_timeout;
  // (`peek`, not `readable`: readiness may be reported before any data.)
  // On shutdown, a connection that has sent nothing closes at once.
  let mut first = [0u8; 1];
  let began = tokio::select! {
    peeked = tokio::time::timeout(idle, stream.peek(&mut first)) => {
      matches!(peeked, Ok(Ok(1)))
    }
    _ = shutdown.changed() => false,
  };
  if !began {
    drop(slot);
    return;
  }
  match serving.tls.clone() {
    None => {
      let mut stream = stream;
      let sniffed =
        tokio::time::timeout(head_time, protocol::sniff(&mut stream)).await;
      match sniffed {
        Ok(Ok((protocol, first))) => {
          drive(&serving, stream, first, protocol, shutdown).await;
        }
        Ok(Err(error)) => tracing::debug!("connection from {peer:?}: {error}"),
        Err(_) => {}
      }
    }
    Some(acceptor) => {
      match tokio::time::timeout(head_time, acceptor.accept(stream)).await {
        Ok(Ok(tls)) => {
          let protocol = match tls.get_ref().1.alpn_protocol() {
            Some(b"h2") => Protocol::Http2,
            _ => Protocol::Http1,
          };
          drive(&serving, tls, Vec::new(), protocol, shutdown).await;
        }
        Ok(Err(error)) => {
          tracing::debug!("TLS handshake with {peer:?} failed: {error}");
        }
        Err(_) => {}
      }
    }
  }
  drop(slot);
}

/// A hyper connection of either protocol.
trait Connection: Future<Output = Result<(), hyper::Error>> {
  fn graceful_shutdown(self: Pin<&mut Self>);
}

impl<I, S> Connection for http1::Connection<I, S>
where
  S: hyper::service::HttpService<hyper::body::Incoming>,
  S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
  I: hyper::rt::Read + hyper::rt::Write + Unpin,
  S::ResBody: 'static,
  <S::ResBody as Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
  fn graceful_shutdown(self: Pin<&mut Self>) {
    http1::Connection::graceful_shutdown(self);
  }
}

impl<I, S, E> Connection for http2::Connection<I, S, E>
where
  S: hyper::service::HttpService<hyper::body::Incoming>,
  S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
  I: hyper::rt::Read + hyper::rt::Write + Unpin,
  S::ResBody: 'static,
  <S::ResBody as Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
  E: hyper::rt::bounds::Http2ServerConnExec<S::Future, S::ResBody>,
{
  fn graceful_shutdown(self: Pin<&mut Self>) {
    http2::Connection::graceful_shutdown(self);
  }
}

/// Serves HTTP over `io` (whose `first` bytes were read already) until it
/// ends, idles out, or shutdown (which lets requests in flight finish
/// first).
async fn drive<S>(
  serving: &Serving,
  io: S,
  first: Vec<u8>,
  protocol: Protocol,
  mut shutdown: watch::Receiver<bool>,
) where
  S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
  let limits = serving.limits;
  let activity = Arc::new(Activity::new());
  let io = TokioIo::new(Tracked {
    stream: io,
    first,
    at: 0,
    activity: activity.clone(),
  });
  let requests = activity.clone();
  let peer = serving.client.addr;
  let app = serving.app.clone();
  let client = serving.client.clone();
  let access_log = serving.access_log;
  let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
    let in_flight = InFlight::enter(&requests);
    let mut log = Entry::start(access_log, &req);
    let answer = app.serve(client.clone(), req);
    async move {
      let response = answer.await;
      if let Some(log) = &mut log {
        log.answered(&response);
      }
      Ok::<_, Infallible>(response.map(|body| ServedBody {
        body,
        log,
        _in_flight: in_flight,
      }))
    }
  });
  let conn: Pin<Box<dyn Connection + Send>> = match protocol {
    Protocol::Http1 => {
      let mut builder = http1::Builder::new();
      builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEAD_BYTES)
        .keep_alive(true);
      Box::pin(builder.serve_connection(io, service))
    }
    Protocol::Http2 => {
      let mut builder = http2::Builder::new(TokioExecutor::new());
      builder
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEAD_BYTES as u32);
      Box::pin(builder.serve_connection(io, service))
    }
  };
  let mut conn = conn;
  let mut closing = false;
  loop {
    tokio::select! {
      result = conn.as_mut() => {
        if let Err(error) = result {
          tracing::debug!("connection from {peer:?} ended with an error: {error}");
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
}
