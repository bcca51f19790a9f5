//! One request, start to finish: the canonical path, then the front door
//! (`front.rs`: next.config's rules, the proxy, public files, the route
//! match), the method rules, prerendered answers, the handler call, and
//! compression.
//! Each step either moves on or stops with a [`Reject`], which becomes an
//! answer in one place.

use std::sync::Arc;
use std::time::Instant;

use edgeroute_http::{IncomingBody, ResponseBody};
use edgeroute_routes::ParamValue;
use edgeroute_routes::methods::{
  MethodRule, handler_method, method_rule, prerenderable,
};
use edgeroute_routes::url::canonical_location;
use http::{Method, Request, Response};

use super::dispatch::{Dispatcher, HandlerCall, handler_params};
use super::front::{self, RequestBody};
use super::limit::Fault;
use super::prerendered::Stored;
use super::reject::Reject;
use super::request::{
  add_forwarded_headers, limited_body, request_url, valid_host,
};
use super::{ClientInfo, ServeContext, compress, prerendered};
use crate::app::{Route, Version};
use crate::metrics::Served;

/// Marks a request that came on one of the server's own connections.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FromSocket;

/// Answers one request, compressed when the client accepts it.
pub(crate) async fn handle(
  ctx: Arc<ServeContext>,
  client: Arc<ClientInfo>,
  req: Request<IncomingBody>,
) -> Response<ResponseBody> {
  let began = Instant::now();
  let method = req.method().clone();
  // The version serving now answers the whole request, even if a reload
  // swaps in another meanwhile.
  let app = ctx.app.current();
  let compress = ctx.compress && app.front().config.compress;
  let accept = compress
    .then(|| req.headers().get(http::header::ACCEPT_ENCODING).cloned())
    .flatten();
  let mut response = answer(&ctx, &app, &client, req)
    .await
    .unwrap_or_else(Reject::into_response);
  if compress {
    response = compress::compress(response, accept.as_ref());
  }
  let served = match response.extensions().get::<Served>() {
    Some(served) => served.clone(),
    None => {
      let served = Served::by(match response.status().as_u16() {
        300..=399 => "(redirect)",
        404 => "(not found)",
        _ => "(server)",
      });
      response.extensions_mut().insert(served.clone());
      served
    }
  };
  ctx.app.metrics().answered(
    &served,
    &method,
    response.status(),
    began.elapsed(),
  );
  response
}

async fn answer(
  ctx: &Arc<ServeContext>,
  app: &Arc<Version>,
  client: &ClientInfo,
  req: Request<IncomingBody>,
) -> Result<Response<ResponseBody>, Reject> {
  // The Host rule is the wire's (RFC 9112 §3.2): the server's own
  // connections check it; an embedding server checked its own wire.
  if req.extensions().get::<FromSocket>().is_some()
    && !valid_host(req.version(), req.headers())
  {
    return Err(Reject::BadRequest);
  }
  if let Some(location) =
    canonical_location(req.uri().path(), req.uri().query())
  {
    return Err(Reject::Redirect {
      status: http::StatusCode::PERMANENT_REDIRECT,
      location,
    });
  }
  Ok(front::answer(ctx, app, client, req).await)
}

/// Calls `route`, which the front door found (`params` from its match);
/// `path` and `query` are what the handler sees in `request.url`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn call_route(
  ctx: &Arc<ServeContext>,
  app: &Arc<Version>,
  client: &ClientInfo,
  mut parts: http::request::Parts,
  body: RequestBody,
  route: &Arc<Route>,
  params: Vec<(String, ParamValue)>,
  path: &str,
  query: Option<&str>,
) -> Result<Response<ResponseBody>, Reject> {
  let method =
    handler_method(parts.method.as_str()).ok_or(Reject::BadRequest)?;
  let exports = ctx
    .dispatcher
    .ready(route, &parts.method, &parts.uri)
    .await?;
  let params = handler_params(route, params);
  let mut draft = false;
  if let Some(revalidate) = route.segment.prerender
    && prerenderable(&exports)
  {
    let request = prerendered::Request {
      method: &parts.method,
      headers: &parts.headers,
      path,
      params: &params,
    };
    match prerendered::answer(ctx, app, client, route, request, revalidate)
      .await?
    {
      Stored::Answer(response) => return Ok(response),
      Stored::Dynamic => {}
      Stored::DraftMode => draft = true,
    }
  }
  let export = match method_rule(method, &exports) {
    MethodRule::Call(export) => export,
    MethodRule::AutoOptions(allow) => return Err(Reject::Options(allow)),
    MethodRule::NotAllowed => return Err(Reject::MethodNotAllowed),
  };
  let is_head = parts.method == Method::HEAD;
  let url = request_url(client, &parts.headers, path, query);
  add_forwarded_headers(&mut parts.headers, client);
  let limit = ctx.max_body_size;
  let pause = ctx.body_timeout;
  let (body, fault) =
    limited_body(&parts.method, &parts.headers, body, limit, pause)?;
  let call = HandlerCall {
    method: parts.method,
    url,
    headers: parts.headers,
    body,
    params,
    export,
    proxy: None,
    body_fault: Some(fault.clone()),
    prerender: None,
  };
  match ctx.dispatcher.call(route, call).await {
    Ok(mut response) => {
      if is_head {
        *response.body_mut() = ResponseBody::Empty;
      }
      if draft {
        prerendered::mark_draft(&mut response);
      }
      Ok(response)
    }
    // The handler failed because the body broke one of its limits.
    Err(Reject::Failed) => Err(match fault.get() {
      Fault::TooLarge => Reject::TooLarge(limit),
      Fault::TimedOut => Reject::RequestTimeout,
      Fault::Malformed => Reject::BadRequest,
      Fault::None => Reject::Failed,
    }),
    Err(reject) => Err(reject),
  }
}
