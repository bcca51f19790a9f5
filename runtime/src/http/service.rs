//! The app as a `tower::Service`: what the server's connections call, and
//! what an embedding server mounts (`axum::Router::nest_service`,
//! `route_service`, or hyper through
//! `hyper_util::service::TowerToHyperService`).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Buf;
use edgeroute_http::{IncomingBody, ResponseBody};
use http::{Request, Response, Uri};
use http_body_util::BodyExt;

use super::{ServeContext, handle, limit};
use crate::app::App;

/// How the client reached the embedding server, for `request.url` and the
/// `x-forwarded-*` headers a handler sees: told by the embedder as a
/// request extension (`request.extensions_mut().insert(ClientInfo {..})`),
/// never guessed from the request. Without one, a request is taken as
/// `http://localhost` from an unknown address (no `x-forwarded-for`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
  /// The client's address (`x-forwarded-for`), when known.
  pub addr: Option<SocketAddr>,
  /// `https` when the client spoke TLS to the embedding server.
  pub https: bool,
  /// The authority `request.url` is built on, e.g. `localhost:3000` (what
  /// `next start` uses whatever the `Host` header says) or the public
  /// host name. Its port is `x-forwarded-port` (else 80 or 443).
  pub host: String,
}

impl Default for ClientInfo {
  fn default() -> Self {
    Self {
      addr: None,
      https: false,
      host: "localhost".to_owned(),
    }
  }
}

impl ClientInfo {
  /// What `next start` on `port` knows of a client at `addr`.
  pub fn local(addr: SocketAddr, port: u16) -> Self {
    Self {
      addr: Some(addr),
      https: false,
      host: format!("localhost:{port}"),
    }
  }

  /// `http` or `https`.
  pub(crate) fn scheme(&self) -> &'static str {
    if self.https { "https" } else { "http" }
  }

  /// The port of [`ClientInfo::host`], or the scheme's.
  pub(crate) fn port(&self) -> u16 {
    self
      .host
      .parse::<http::uri::Authority>()
      .ok()
      .and_then(|authority| authority.port_u16())
      .unwrap_or(if self.https { 443 } else { 80 })
  }
}

/// An [`App`] as a `tower::Service<Request<B>>` for any request body `B`:
/// every request is answered as `edgeroute serve` answers it (next.config's
/// rules, the proxy, public files, the route's handler, compression), and
/// errors become HTTP answers (the service itself never fails). Cheap to
/// clone.
///
/// Mounted under a prefix by a router that strips it (axum's
/// `nest_service("/api", ..)`), load the app with
/// [`AppConfig::mount`](crate::AppConfig::mount) set to that prefix: it
/// then works as a `basePath` in front of next.config's, as Next.js honours
/// one (routes match inside it; `request.url` and `nextUrl.pathname` are
/// the path inside it, redirects and rewrites are under it).
#[derive(Debug, Clone)]
pub struct AppService {
  pub(crate) ctx: Arc<ServeContext>,
}

impl AppService {
  /// A service answering for `app`, with `edgeroute serve`'s defaults: a
  /// 10 MiB body limit, 30 s pauses in a request body at most, and
  /// compression unless next.config's `compress` is false.
  pub fn new(app: Arc<App>) -> AppService {
    app.start_build();
    let metrics = app.metrics_handle().clone();
    AppService {
      ctx: Arc::new(ServeContext {
        app,
        dispatcher: super::dispatch::PoolDispatcher { metrics },
        max_body_size: limit::DEFAULT_MAX_BODY_SIZE,
        compress: true,
        body_timeout: super::ConnectionLimits::default().body_timeout,
      }),
    }
  }

  fn with(mut self, change: impl FnOnce(&mut ServeContext)) -> Self {
    change(Arc::make_mut(&mut self.ctx));
    self
  }

  /// Sets the largest request body accepted (default 10 MiB); larger
  /// bodies are answered 413.
  pub fn max_body_size(self, bytes: u64) -> Self {
    self.with(|ctx| ctx.max_body_size = bytes)
  }

  /// Turns response compression on (the default, as `next start`) or
  /// off; next.config's `compress: false` keeps it off.
  pub fn compress(self, on: bool) -> Self {
    self.with(|ctx| ctx.compress = on)
  }

  /// Longest pause while a client sends a request body (default 30 s);
  /// the request is then answered 408.
  pub fn body_timeout(self, pause: Duration) -> Self {
    self.with(|ctx| ctx.body_timeout = pause)
  }

  /// The app served.
  pub fn app(&self) -> &Arc<App> {
    &self.ctx.app
  }

  /// Answers one request (its [`ClientInfo`] extension, if any, says how
  /// the client reached the embedding server).
  pub fn handle<B>(
    &self,
    request: Request<B>,
  ) -> impl Future<Output = Response<ResponseBody>> + Send + 'static + use<B>
  where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
  {
    let (mut parts, body) = request.into_parts();
    let client = parts.extensions.remove::<ClientInfo>().unwrap_or_default();
    let mount = self.ctx.app.mount();
    if !mount.is_empty() {
      parts.uri = under_mount(mount, &parts.uri);
    }
    let request = Request::from_parts(parts, incoming(body));
    self.answer(Arc::new(client), request)
  }

  /// Answers a request that came on the server's own connection (its path
  /// as the client sent it: nothing was stripped).
  pub(crate) fn serve(
    &self,
    client: Arc<ClientInfo>,
    request: Request<hyper::body::Incoming>,
  ) -> impl Future<Output = Response<ResponseBody>> + Send + 'static + use<> {
    let mut request =
      request.map(|body| body.map_err(Into::into).boxed_unsync());
    request.extensions_mut().insert(handle::FromSocket);
    self.answer(client, request)
  }

  /// Both doors' common part: an HTTP/2 request seen as over HTTP/1.1, and
  /// a HEAD answer's body dropped over HTTP/2 (hyper drops it over
  /// HTTP/1.1 itself).
  fn answer(
    &self,
    client: Arc<ClientInfo>,
    mut request: Request<IncomingBody>,
  ) -> impl Future<Output = Response<ResponseBody>> + Send + 'static + use<> {
    let h2 = request.version() == http::Version::HTTP_2;
    let head = request.method() == http::Method::HEAD;
    if h2 {
      as_over_http1(&mut request);
    }
    let answer = handle::handle(self.ctx.clone(), client, request);
    async move {
      let response = answer.await;
      if h2 && head {
        without_body(response)
      } else {
        response
      }
    }
  }
}

/// An HTTP/2 request as the rest of the request path sees one: the host
/// (`:authority`) in a `Host` header, which handlers read, and an
/// origin-form URI, as over HTTP/1.1.
fn as_over_http1(request: &mut Request<IncomingBody>) {
  if !request.headers().contains_key(http::header::HOST)
    && let Some(authority) = request.uri().authority()
    && let Ok(host) = http::HeaderValue::from_str(authority.as_str())
  {
    request.headers_mut().insert(http::header::HOST, host);
  }
  if let Some(origin_form) = request.uri().path_and_query().cloned() {
    *request.uri_mut() = Uri::from(origin_form);
  }
}

/// A HEAD answer: the headers (with the length the body would have had),
/// no body.
fn without_body(
  mut response: Response<ResponseBody>,
) -> Response<ResponseBody> {
  if !response
    .headers()
    .contains_key(http::header::CONTENT_LENGTH)
    && let Some(length) = http_body::Body::size_hint(response.body()).exact()
  {
    response.headers_mut().insert(
      http::header::CONTENT_LENGTH,
      http::HeaderValue::from(length),
    );
  }
  *response.body_mut() = ResponseBody::Empty;
  response
}

/// Any body as the request path takes it. Done before the request's
/// future exists, so that future's type does not name `B`.
fn incoming<B>(body: B) -> IncomingBody
where
  B: http_body::Body + Send + 'static,
  B::Data: Send,
  B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
  body
    .map_frame(|frame| {
      frame.map_data(|mut data| data.copy_to_bytes(data.remaining()))
    })
    .map_err(Into::into)
    .boxed_unsync()
}

/// The URI a stripping router handed on, with the mount put back in front
/// (the router's `/` is the mount itself).
fn under_mount(mount: &str, uri: &Uri) -> Uri {
  let path = match uri.path() {
    "/" | "" => mount.to_owned(),
    path => format!("{mount}{path}"),
  };
  let path_and_query = match uri.query() {
    Some(query) => format!("{path}?{query}"),
    None => path,
  };
  let mut parts = uri.clone().into_parts();
  match path_and_query.parse() {
    Ok(path_and_query) => {
      parts.path_and_query = Some(path_and_query);
      Uri::from_parts(parts).unwrap_or_else(|_| uri.clone())
    }
    Err(_) => uri.clone(),
  }
}

impl<B> tower_service::Service<Request<B>> for AppService
where
  B: http_body::Body + Send + 'static,
  B::Data: Send,
  B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
  type Response = Response<ResponseBody>;
  type Error = Infallible;
  type Future = Pin<
    Box<dyn Future<Output = Result<Response<ResponseBody>, Infallible>> + Send>,
  >;

  fn poll_ready(
    &mut self,
    _cx: &mut Context<'_>,
  ) -> Poll<Result<(), Infallible>> {
    Poll::Ready(Ok(()))
  }

  fn call(&mut self, request: Request<B>) -> Self::Future {
    let answer = self.handle(request);
    Box::pin(async move { Ok(answer.await) })
  }
}

impl App {
  /// Answers one request in process, as the server would (see
  /// [`AppService::handle`]; the default body limit and timeouts).
  pub async fn handle<B>(
    self: &Arc<Self>,
    request: Request<B>,
  ) -> Response<ResponseBody>
  where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
  {
    AppService::new(self.clone()).handle(request).await
  }
}
