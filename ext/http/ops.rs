//! Ops the JS glue calls: `op_http_<verb>`.

use std::cell::RefCell;
use std::rc::Rc;

use bytes::Bytes;
use deno_core::{ByteString, JsBuffer, OpState, ResourceId, op2, v8};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::body::{
  RequestBodyResource, ResponseBody, ResponseBodyResource, StreamError,
};
use crate::error::HttpError;
use crate::job::{
  Failure, FailureKind, HandlerOutcome, Inbox, LoadReport, Param, ProxyContext,
};

/// How many chunks a streamed response may have in flight between the
/// handler and the socket before `op_http_write` waits.
const STREAM_CHANNEL_CHUNKS: usize = 8;

/// A request as JS receives it from `op_http_next`: a tuple, `[id,
/// method, url, headers, bodyRid, params, export, proxy, prerender]`
/// (`03_serve.js` names the parts). An array keyed by small integers costs
/// V8 no property names and no shape changes, as an object built from Rust
/// would; the rare parts (params, proxy, prerender) go through serde.
pub struct IncomingRequest {
  id: u32,
  method: http::Method,
  url: String,
  /// Names and values, flat: `[name0, value0, name1, value1, ...]`.
  headers: http::HeaderMap,
  body_rid: Option<ResourceId>,
  params: Option<Vec<(String, Param)>>,
  export: &'static str,
  proxy: Option<ProxyContext>,
  /// For a call made at build time: what the build asks of it.
  prerender: Option<PrerenderCall>,
}

impl<'a> deno_core::ToV8<'a> for IncomingRequest {
  type Error = HttpError;

  fn to_v8<'i>(
    self,
    scope: &mut v8::PinScope<'a, 'i>,
  ) -> Result<v8::Local<'a, v8::Value>, HttpError> {
    let null: v8::Local<v8::Value> = v8::null(scope).into();
    let mut headers = Vec::with_capacity(self.headers.len() * 2);
    for (name, value) in &self.headers {
      headers.push(one_byte(scope, name.as_str().as_bytes(), "header")?);
      // Header values are bytes: one char per byte, as ByteString does.
      headers.push(one_byte(scope, value.as_bytes(), "header")?);
    }
    let parts = [
      v8::Integer::new_from_unsigned(scope, self.id).into(),
      one_byte(scope, self.method.as_str().as_bytes(), "method")?,
      v8::String::new(scope, &self.url)
        .ok_or(HttpError::Convert("url"))?
        .into(),
      v8::Array::new_with_elements(scope, &headers).into(),
      match self.body_rid {
        Some(rid) => v8::Integer::new_from_unsigned(scope, rid).into(),
        None => null,
      },
      serde_or_null(scope, self.params.as_ref())?,
      one_byte(scope, self.export.as_bytes(), "export")?,
      serde_or_null(scope, self.proxy.as_ref())?,
      serde_or_null(scope, self.prerender.as_ref())?,
    ];
    Ok(v8::Array::new_with_elements(scope, &parts).into())
  }
}

/// A V8 string of `bytes`, one char per byte; `what` names the part in
/// the error.
fn one_byte<'a>(
  scope: &mut v8::PinScope<'a, '_>,
  bytes: &[u8],
  what: &'static str,
) -> Result<v8::Local<'a, v8::Value>, HttpError> {
  v8::String::new_from_one_byte(scope, bytes, v8::NewStringType::Normal)
    .map(Into::into)
    .ok_or(HttpError::Convert(what))
}

/// `value` through serde, or `null`.
fn serde_or_null<'a, T: Serialize>(
  scope: &mut v8::PinScope<'a, '_>,
  value: Option<&T>,
) -> Result<v8::Local<'a, v8::Value>, HttpError> {
  match value {
    None => Ok(v8::null(scope).into()),
    Some(value) => deno_core::serde_v8::to_v8(scope, value)
      .map_err(|_| HttpError::Convert("serde")),
  }
}

/// [`crate::Prerender`] as JS reads it: the headers the answer carries to
/// say what the handler did (named here so JS keeps no copy of them).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PrerenderCall {
  /// [`crate::DYNAMIC_MARK`], for a route that may turn dynamic.
  dynamic: Option<&'static str>,
  /// [`crate::REVALIDATE_MARK`].
  revalidate: &'static str,
  /// [`crate::TAGS_MARK`].
  tags: &'static str,
  /// Whether the call is `generateStaticParams()`.
  static_params: bool,
  /// Whether what would make the GET dynamic fails it instead.
  strict: bool,
}

impl From<crate::Prerender> for PrerenderCall {
  fn from(prerender: crate::Prerender) -> Self {
    use crate::Prerender::*;
    PrerenderCall {
      dynamic: (prerender == MayTurnDynamic).then_some(crate::DYNAMIC_MARK),
      revalidate: crate::REVALIDATE_MARK,
      tags: crate::TAGS_MARK,
      static_params: prerender == StaticParams,
      strict: prerender == MustStayStatic,
    }
  }
}

/// Waits for the next request for this isolate; `null` once the server
/// stops sending (the isolate is being retired).
#[op2]
pub async fn op_http_next(
  state: Rc<RefCell<OpState>>,
) -> Result<Option<IncomingRequest>, HttpError> {
  let job = std::future::poll_fn(|cx| {
    let mut state = state.borrow_mut();
    match state.try_borrow_mut::<Inbox>() {
      Some(inbox) => inbox.jobs.poll_recv(cx).map(Ok),
      None => std::task::Poll::Ready(Err(HttpError::NotServing("no inbox"))),
    }
  })
  .await?;
  let Some(job) = job else {
    return Ok(None);
  };
  let mut state = state.borrow_mut();
  let body_rid = job
    .body
    .map(|body| state.resource_table.add(RequestBodyResource::new(body)));
  let inbox = state
    .try_borrow_mut::<Inbox>()
    .ok_or(HttpError::NotServing("no inbox"))?;
  let id = inbox.next_id;
  inbox.next_id = inbox.next_id.wrapping_add(1).max(1);
  inbox.pending.borrow_mut().insert(id, job.respond);
  inbox.clients.borrow_mut().insert(id, job.client);
  Ok(Some(IncomingRequest {
    id,
    method: job.method,
    url: job.url,
    headers: job.headers,
    body_rid,
    params: job.params,
    export: job.export,
    proxy: job.proxy,
    prerender: job.prerender.map(PrerenderCall::from),
  }))
}

/// Reports that the route module loaded, with its exports: `[name,
/// isFunction]` pairs.
#[op2]
pub fn op_http_ready(
  state: &mut OpState,
  #[serde] exports: Vec<(String, bool)>,
) {
  if let Some(tx) = state
    .try_borrow_mut::<Inbox>()
    .and_then(|inbox| inbox.load_report.take())
  {
    let _ = tx.send(LoadReport::Ready { exports });
  }
}

/// Reports that the route module failed to load.
#[op2(fast)]
pub fn op_http_load_failed(state: &mut OpState, #[string] message: String) {
  if let Some(tx) = state
    .try_borrow_mut::<Inbox>()
    .and_then(|inbox| inbox.load_report.take())
  {
    let _ = tx.send(LoadReport::Failed(message));
  }
}

fn take_pending(
  state: &mut OpState,
  id: u32,
) -> Result<tokio::sync::oneshot::Sender<HandlerOutcome>, HttpError> {
  state
    .try_borrow_mut::<Inbox>()
    .and_then(|inbox| inbox.pending.borrow_mut().remove(&id))
    .ok_or(HttpError::UnknownRequest(id))
}

/// Forgets the disconnect receiver of a request answered in full: with
/// the handler done, there is nothing left to abort.
fn forget_client(state: &mut OpState, id: u32) {
  if let Some(inbox) = state.try_borrow_mut::<Inbox>() {
    inbox.clients.borrow_mut().remove(&id);
  }
}

/// Headers of a handler's Response that never reach the client, as in
/// Next.js (Next's internal `x-middleware-set-cookie` is the embedder's to
/// drop: a proxy's answer carries it to the route): framing is the server's business (a wrong Content-Length would
/// corrupt the connection), and the body is sent as the handler produced
/// it, so a Content-Encoding would lie.
const DROPPED_HEADERS: &[&str] = &[
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
];

fn build_head(
  status: u16,
  headers: Vec<(ByteString, ByteString)>,
  body: ResponseBody,
) -> Result<http::Response<ResponseBody>, HttpError> {
  let status = http::StatusCode::from_u16(status)
    .map_err(|_| HttpError::InvalidStatus(status))?;
  let mut response = http::Response::new(body);
  *response.status_mut() = status;
  let map = response.headers_mut();
  map.reserve(headers.len());
  for (name, value) in headers {
    let name = http::HeaderName::from_bytes(&name).map_err(|_| {
      HttpError::InvalidHeader(String::from_utf8_lossy(&name).into_owned())
    })?;
    if DROPPED_HEADERS.contains(&name.as_str()) {
      continue;
    }
    let value = http::HeaderValue::from_bytes(&value).map_err(|_| {
      HttpError::InvalidHeader(format!("{name}: invalid value"))
    })?;
    map.append(name, value);
  }
  Ok(response)
}

/// Answers a request with a body known in full (or no body).
#[op2]
pub fn op_http_respond(
  state: &mut OpState,
  #[smi] id: u32,
  #[smi] status: u16,
  #[serde] headers: Vec<(ByteString, ByteString)>,
  #[buffer] body: Option<JsBuffer>,
) -> Result<(), HttpError> {
  let body = match body {
    None => ResponseBody::Empty,
    Some(buf) => ResponseBody::Full(Some(Bytes::copy_from_slice(&buf))),
  };
  respond(state, id, status, headers, body)
}

/// Answers a request with a body given as a string (`Response.json()`,
/// `new Response("text")`): encoded to UTF-8 once, straight into the
/// body's buffer, without a Uint8Array in between.
#[op2]
pub fn op_http_respond_text(
  state: &mut OpState,
  #[smi] id: u32,
  #[smi] status: u16,
  #[serde] headers: Vec<(ByteString, ByteString)>,
  #[string] body: String,
) -> Result<(), HttpError> {
  let body = ResponseBody::Full(Some(Bytes::from(body.into_bytes())));
  respond(state, id, status, headers, body)
}

fn respond(
  state: &mut OpState,
  id: u32,
  status: u16,
  headers: Vec<(ByteString, ByteString)>,
  body: ResponseBody,
) -> Result<(), HttpError> {
  let tx = take_pending(state, id)?;
  forget_client(state, id);
  let outcome = match build_head(status, headers, body) {
    Ok(response) => HandlerOutcome::Response(response),
    Err(e) => HandlerOutcome::Failed(Failure {
      kind: FailureKind::Invalid,
      message: e.to_string(),
    }),
  };
  // The client may be gone already; nothing to do then.
  let _ = tx.send(outcome);
  Ok(())
}

/// Answers a request with a streamed body; returns the resource that
/// `op_http_write` feeds.
#[op2]
#[smi]
pub fn op_http_respond_stream(
  state: &mut OpState,
  #[smi] id: u32,
  #[smi] status: u16,
  #[serde] headers: Vec<(ByteString, ByteString)>,
) -> Result<ResourceId, HttpError> {
  let tx = take_pending(state, id)?;
  let open = state
    .try_borrow::<Inbox>()
    .map(|inbox| inbox.streams.clone())
    .ok_or(HttpError::NotServing("no inbox"))?;
  let (chunk_tx, chunk_rx) = mpsc::channel(STREAM_CHANNEL_CHUNKS);
  let response = build_head(status, headers, ResponseBody::stream(chunk_rx))?;
  let _ = tx.send(HandlerOutcome::Response(response));
  Ok(state.resource_table.add(ResponseBodyResource {
    tx: chunk_tx,
    _open: open,
  }))
}

/// Sends one chunk of a streamed body; resolves once the socket side has
/// room. Returns `false` when the client has gone away.
#[op2]
pub async fn op_http_write(
  state: Rc<RefCell<OpState>>,
  #[smi] rid: ResourceId,
  #[buffer] chunk: JsBuffer,
) -> Result<bool, HttpError> {
  let tx = state
    .borrow()
    .resource_table
    .get::<ResponseBodyResource>(rid)
    .map_err(|_| HttpError::StreamClosed)?
    .tx
    .clone();
  Ok(tx.send(Ok(Bytes::copy_from_slice(&chunk))).await.is_ok())
}

/// Ends a streamed body normally.
#[op2(fast)]
pub fn op_http_close(state: &mut OpState, #[smi] rid: ResourceId) {
  let _ = state.resource_table.take::<ResponseBodyResource>(rid);
}

/// Ends a streamed body with an error: the connection is cut, so the
/// client sees a truncated response rather than a clean end.
#[op2]
pub async fn op_http_stream_error(
  state: Rc<RefCell<OpState>>,
  #[smi] rid: ResourceId,
  #[string] message: String,
) {
  let resource = state
    .borrow_mut()
    .resource_table
    .take::<ResponseBodyResource>(rid);
  if let Ok(resource) = resource {
    // Waits for room so the error is not lost behind queued chunks; fails
    // at once if the client is already gone.
    let _ = resource.tx.send(Err(StreamError(message))).await;
  }
}

/// Reports that a handler failed; `kind` names a [`FailureKind`]
/// (`"threw"`, `"notAResponse"`, `"invalid"`), and an unknown name is an
/// error rather than a guess.
#[op2]
pub fn op_http_fail(
  state: &mut OpState,
  #[smi] id: u32,
  #[serde] kind: FailureKind,
  #[string] message: String,
) -> Result<(), HttpError> {
  let tx = take_pending(state, id)?;
  forget_client(state, id);
  let _ = tx.send(HandlerOutcome::Failed(Failure { kind, message }));
  Ok(())
}

/// Resolves `true` when the client of request `id` goes away before its
/// answer is delivered, `false` once it is delivered (or was already).
/// Called at most once per request: JS shares the result.
#[op2]
pub async fn op_http_client_gone(
  state: Rc<RefCell<OpState>>,
  #[smi] id: u32,
) -> bool {
  let client = state
    .borrow_mut()
    .try_borrow_mut::<Inbox>()
    .and_then(|inbox| inbox.clients.borrow_mut().remove(&id));
  match client {
    Some(client) => client.wait().await,
    None => false,
  }
}
