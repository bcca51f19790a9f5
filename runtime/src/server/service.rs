//! One request, start to finish: trailing slash, route match, method
//! rules, dispatch to an isolate, and turning the handler's outcome into
//! the HTTP answer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use edgeroute_http::{
  ClientWatch, FailureKind, HandlerOutcome, IncomingBody, Param, RequestJob,
  ResponseBody,
};
use http::{Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use tokio::sync::oneshot;

use super::limit::LimitedBody;
use super::{answer, compress};
use crate::app::{App, Route};
use crate::isolate::PoolError;
use crate::prerender::Prerendered;
use crate::routes::{MatchError, ParamValue};
use crate::segment::Revalidate;

/// Per-server facts a request needs.
#[derive(Debug)]
pub struct ServeContext {
  /// The app being served.
  pub app: Arc<App>,
  /// Where the server listens (`http://hostname:port`).
  pub origin: String,
  /// The port the server listens on.
  pub port: u16,
  /// Largest request body accepted, in bytes.
  pub max_body_size: u64,
  /// Whether answers are compressed for clients that accept it.
  pub compress: bool,
}

impl ServeContext {
  /// The origin of `request.url`, as `next start` builds it: `localhost`
  /// and the listening port whatever the Host header says; `https` when
  /// `x-forwarded-proto` says so.
  fn url_origin(&self, headers: &http::HeaderMap) -> String {
    let https = headers
      .get("x-forwarded-proto")
      .and_then(|v| v.to_str().ok())
      .is_some_and(|v| v.contains("https"));
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://localhost:{}", self.port)
  }
}

/// The query string as Next.js hands it to handlers: parsed and written
/// back, so values of a repeated key sit together (first-seen key order)
/// and the encoding is `application/x-www-form-urlencoded`'s (`flag` ->
/// `flag=`, `%20` -> `+`). `None` for an empty query.
fn next_query(query: &str) -> Option<String> {
  use deno_core::url::form_urlencoded;
  let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
    .map(|(k, v)| (k.into_owned(), v.into_owned()))
    .collect();
  if pairs.is_empty() {
    return None;
  }
  let mut keys: Vec<&str> = Vec::new();
  for (key, _) in &pairs {
    if !keys.contains(&key.as_str()) {
      keys.push(key);
    }
  }
  let mut out = form_urlencoded::Serializer::new(String::new());
  for key in keys {
    for (_, value) in pairs.iter().filter(|(k, _)| k == key) {
      out.append_pair(key, value);
    }
  }
  Some(out.finish())
}

/// Adds the `x-forwarded-*` request headers `next start` adds when the
/// client did not send them.
fn add_forwarded_headers(
  headers: &mut http::HeaderMap,
  peer: SocketAddr,
  port: u16,
) {
  let mut add = |name: &'static str, value: String| {
    if !headers.contains_key(name)
      && let Ok(value) = http::HeaderValue::from_str(&value)
    {
      headers.insert(name, value);
    }
  };
  add("x-forwarded-for", peer.ip().to_canonical().to_string());
  add("x-forwarded-port", port.to_string());
  add("x-forwarded-proto", "http".to_owned());
  if let Some(host) = headers.get(http::header::HOST).cloned()
    && !headers.contains_key("x-forwarded-host")
  {
    headers.insert("x-forwarded-host", host);
  }
}

/// Answers one request, compressed when the client accepts it.
pub async fn handle(
  ctx: Arc<ServeContext>,
  peer: SocketAddr,
  req: Request<Incoming>,
) -> Response<ResponseBody> {
  if !ctx.compress {
    return answer_request(ctx, peer, req).await;
  }
  let accept = req.headers().get(http::header::ACCEPT_ENCODING).cloned();
  let response = answer_request(ctx, peer, req).await;
  compress::compress(response, accept.as_ref())
}

async fn answer_request(
  ctx: Arc<ServeContext>,
  peer: SocketAddr,
  req: Request<Incoming>,
) -> Response<ResponseBody> {
  let path = req.uri().path();
  if let Some(location) = normalized_location(path, req.uri().query()) {
    return answer::normalize_redirect(&location);
  }
  let found = match ctx.app.table().match_path(path) {
    Ok(Some(found)) => found,
    Ok(None) => return answer::not_found(),
    Err(MatchError::MalformedEscape) => return answer::bad_request(),
  };
  let Some(route) = ctx.app.routes().get(found.route) else {
    return answer::not_found();
  };
  let method = req.method().clone();
  if !is_handler_method(&method) {
    return answer::bad_request();
  }
  let ready = match route.pool.ready().await {
    Ok(ready) => ready,
    Err(error) => {
      tracing::error!(
        "{} {} ({}): {error}",
        method,
        req.uri(),
        route.file.display()
      );
      return match error {
        PoolError::Overloaded { .. } => answer::overloaded(),
        _ => answer::internal_error(),
      };
    }
  };
  let has = |m: &str| ready.methods.iter().any(|x| x == m);
  let prerender = route.segment.prerender.filter(|_| has("GET"));
  let export: &'static str = match method.as_str() {
    m if has(m) => static_name(m),
    "HEAD" if has("GET") => "GET",
    "OPTIONS" => return answer::options(&allow_header(&ready.methods)),
    _ if prerender.is_some() => return answer::static_method_not_allowed(),
    _ => return answer::method_not_allowed(),
  };
  let is_head = method == Method::HEAD;
  let params = route_params(route, found.params);
  if let Some(revalidate) = prerender
    && export == "GET"
  {
    let path = path.to_owned();
    return serve_prerendered(
      &ctx,
      found.route,
      path,
      params,
      revalidate,
      is_head,
    )
    .await;
  }
  let url = match req.uri().query().and_then(next_query) {
    Some(query) => format!("{}{path}?{query}", ctx.url_origin(req.headers())),
    None => format!("{}{path}", ctx.url_origin(req.headers())),
  };
  let (mut parts, body) = req.into_parts();
  add_forwarded_headers(&mut parts.headers, peer, ctx.port);
  let limit = ctx.max_body_size;
  let declared = parts
    .headers
    .get(http::header::CONTENT_LENGTH)
    .and_then(|v| v.to_str().ok())
    .and_then(|v| v.parse::<u64>().ok());
  if declared.is_some_and(|len| len > limit) {
    return answer::payload_too_large(limit);
  }
  let exceeded = Arc::new(AtomicBool::new(false));
  let body: Option<IncomingBody> = match parts.method {
    Method::GET | Method::HEAD => None,
    _ => Some(LimitedBody::new(body, limit, exceeded.clone()).boxed()),
  };
  let call = HandlerCall {
    method: parts.method,
    url,
    headers: parts.headers,
    body,
    params,
    export,
  };
  match call_handler(route, call).await {
    Ok(mut response) => {
      if is_head {
        *response.body_mut() = ResponseBody::Empty;
      }
      response
    }
    // The handler failed because the body grew past the limit.
    Err(CallError::Failed) if exceeded.load(Ordering::Acquire) => {
      answer::payload_too_large(limit)
    }
    Err(error) => error.answer(),
  }
}

/// Why a handler call produced no Response (already logged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallError {
  /// It threw, returned no Response, or its isolate died: 500.
  Failed,
  /// It outlasted the wall-clock limit: 504.
  TimedOut,
  /// No isolate had room in time: 503.
  Overloaded,
}

impl CallError {
  fn answer(self) -> Response<ResponseBody> {
    match self {
      CallError::Failed => answer::internal_error(),
      CallError::TimedOut => answer::gateway_timeout(),
      CallError::Overloaded => answer::overloaded(),
    }
  }
}

/// One call of a route's handler.
struct HandlerCall {
  method: Method,
  url: String,
  headers: http::HeaderMap,
  body: Option<IncomingBody>,
  params: Option<Vec<(String, Param)>>,
  export: &'static str,
}

/// Runs a handler in an isolate of the route, within the route's
/// wall-clock limit; failures are logged with the file, method and URL.
/// If this future is dropped before the answer is out (the client went
/// away), the handler sees `request.signal` abort; a streamed body carries
/// that duty on until it ends.
async fn call_handler(
  route: &Route,
  call: HandlerCall,
) -> Result<Response<ResponseBody>, CallError> {
  let method = call.method.clone();
  let url = call.url.clone();
  let file = route.file.display();
  let permit = match route.pool.acquire().await {
    Ok(permit) => permit,
    Err(error) => {
      tracing::error!("{method} {url} ({file}): {error}");
      return Err(match error {
        PoolError::Overloaded { .. } => CallError::Overloaded,
        _ => CallError::Failed,
      });
    }
  };
  let (tx, rx) = oneshot::channel();
  let (watch, client) = ClientWatch::new();
  let job = RequestJob {
    method: call.method,
    url: call.url,
    headers: call.headers,
    body: call.body,
    params: call.params,
    export: call.export,
    respond: tx,
    client,
  };
  if let Err(error) = permit.dispatch(job).await {
    tracing::error!("{method} {url} ({file}): {error}");
    return Err(CallError::Failed);
  }
  let wall = route.pool.limits().wall;
  let outcome = match tokio::time::timeout(wall, rx).await {
    Ok(outcome) => outcome,
    Err(_) => {
      // The handler may still be running: new requests go to a fresh
      // isolate, and this one ends once the requests it holds do.
      permit.slot().retire();
      tracing::error!(
        "{method} {url} ({file}): wall-clock limit of {} s exceeded (maxDuration); answered 504, isolate retired",
        wall.as_secs_f64()
      );
      return Err(CallError::TimedOut);
    }
  };
  match outcome {
    Ok(HandlerOutcome::Response(mut response)) => {
      response.body_mut().watch_client(watch);
      Ok(response)
    }
    Ok(HandlerOutcome::Failed(failure)) => {
      // The handler is done; a later disconnect has nothing to abort.
      watch.finish();
      let what = match failure.kind {
        FailureKind::Threw => "handler threw",
        FailureKind::NotAResponse => "handler returned no Response",
        FailureKind::Invalid => "handler answer is invalid",
      };
      tracing::error!("{what}: {method} {url} ({file})\n{}", failure.message);
      Err(CallError::Failed)
    }
    Err(_) => {
      watch.finish();
      match permit.slot().control().breach() {
        Some(breach) => tracing::error!(
          "{method} {url} ({file}): route {}: {breach}; isolate terminated and replaced",
          route.pattern
        ),
        None => tracing::error!(
          "{method} {url} ({file}): the isolate stopped before answering"
        ),
      }
      Err(CallError::Failed)
    }
  }
}

/// A prerendered GET: the stored answer, made on first use and
/// regenerated in the background once stale.
async fn serve_prerendered(
  ctx: &Arc<ServeContext>,
  route_index: usize,
  path: String,
  params: Option<Vec<(String, Param)>>,
  revalidate: Revalidate,
  is_head: bool,
) -> Response<ResponseBody> {
  let to_body = |bytes: Bytes| {
    if is_head {
      ResponseBody::Empty
    } else {
      ResponseBody::Full(Some(bytes))
    }
  };
  let Some(route) = ctx.app.routes().get(route_index) else {
    return answer::internal_error();
  };
  if let Some(entry) = ctx.app.prerendered().get(&path) {
    if entry.is_stale(revalidate) && entry.claim_regeneration() {
      let ctx = ctx.clone();
      let path = path.clone();
      let stale = entry.clone();
      tokio::spawn(async move {
        if let Some(route) = ctx.app.routes().get(route_index)
          && render(&ctx, route, &path, params).await.is_none()
        {
          // Keep serving the stale answer; try again on a later request.
          stale.release_regeneration();
        }
      });
    }
    return entry.to_response(to_body);
  }
  match render(ctx, route, &path, params).await {
    Some(entry) => entry.to_response(to_body),
    None => answer::internal_error(),
  }
}

/// Runs the GET handler as `next build` does (no query, no request
/// headers) and stores a successful answer.
async fn render(
  ctx: &ServeContext,
  route: &Route,
  path: &str,
  params: Option<Vec<(String, Param)>>,
) -> Option<Arc<Prerendered>> {
  let call = HandlerCall {
    method: Method::GET,
    url: format!("{}{path}", ctx.url_origin(&http::HeaderMap::new())),
    headers: http::HeaderMap::new(),
    body: None,
    params,
    export: "GET",
  };
  let response = call_handler(route, call).await.ok()?;
  let (parts, body) = response.into_parts();
  let bytes = match body.collect().await {
    Ok(collected) => collected.to_bytes(),
    Err(error) => {
      tracing::error!(
        "prerendering GET {path} ({}): the body failed: {error}",
        route.file.display()
      );
      return None;
    }
  };
  let entry = Prerendered::new(parts.status, parts.headers, bytes);
  if parts.status.is_success() {
    Some(ctx.app.prerendered().put(&route.pattern, path, entry))
  } else {
    Some(Arc::new(entry))
  }
}

/// Where Next.js redirects a path with a trailing slash or repeated
/// slashes; `None` when the path is already canonical.
fn normalized_location(path: &str, query: Option<&str>) -> Option<String> {
  let repeated = path.contains("//");
  let trailing = path.len() > 1 && path.ends_with('/');
  if !repeated && !trailing {
    return None;
  }
  let mut canonical = String::with_capacity(path.len());
  for segment in path.split('/').filter(|s| !s.is_empty()) {
    canonical.push('/');
    canonical.push_str(segment);
  }
  if canonical.is_empty() {
    canonical.push('/');
  }
  if let Some(query) = query {
    canonical.push('?');
    canonical.push_str(query);
  }
  Some(canonical)
}

fn is_handler_method(method: &Method) -> bool {
  matches!(
    *method,
    Method::GET
      | Method::HEAD
      | Method::POST
      | Method::PUT
      | Method::DELETE
      | Method::PATCH
      | Method::OPTIONS
  )
}

fn static_name(method: &str) -> &'static str {
  crate::app::HANDLER_METHODS
    .iter()
    .find(|m| **m == method)
    .copied()
    .unwrap_or("GET")
}

/// `Allow` for automatic OPTIONS: the exported methods, plus OPTIONS, plus
/// HEAD when GET is there, sorted.
fn allow_header(methods: &[String]) -> String {
  let mut allow: Vec<&str> = methods.iter().map(String::as_str).collect();
  allow.push("OPTIONS");
  if allow.contains(&"GET") {
    allow.push("HEAD");
  }
  allow.sort_unstable();
  allow.dedup();
  allow.join(", ")
}

fn route_params(
  route: &Route,
  params: Vec<(String, ParamValue)>,
) -> Option<Vec<(String, Param)>> {
  if !route.pattern.contains('[') {
    return None;
  }
  Some(
    params
      .into_iter()
      .map(|(name, value)| {
        let value = match value {
          ParamValue::One(v) => Param::One(v),
          ParamValue::Many(v) => Param::Many(v),
        };
        (name, value)
      })
      .collect(),
  )
}
