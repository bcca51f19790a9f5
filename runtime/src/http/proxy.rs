//! Calling the app's proxy and reading its answer as `next start` reads a
//! middleware answer (its router's `resolve-routes`): `x-middleware-next`
//! goes on, `x-middleware-rewrite` goes on elsewhere (or to another
//! origin), a redirect or any other Response is the answer. The
//! `x-middleware-request-*` headers replace the request headers the route
//! sees; the proxy's other headers go on the final answer and reach the
//! route as request headers too.

use std::sync::Arc;

use edgeroute_http::{ProxyContext, ResponseBody};
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Response};
use http_body_util::BodyExt;

use super::dispatch::{Dispatcher, HandlerCall};
use super::front::RequestBody;
use super::reject::Reject;
use super::request::{add_forwarded_headers, declares_more_than, request_url};
use super::{ClientInfo, ServeContext};
use crate::app::Version;
use crate::proxy::Proxy;

/// What the proxy decided.
pub(crate) enum ProxyOutcome {
  /// Its answer goes to the client as is (a redirect, a Response of its
  /// own).
  Answer(Response<ResponseBody>),
  /// The request goes on, with these headers for the final answer and,
  /// maybe, a new destination.
  Continue {
    headers: HeaderMap,
    rewrite: Option<Target>,
  },
}

/// Where a proxy rewrote the request to.
pub(crate) enum Target {
  /// A path (and query) of this app.
  Internal { path: String, query: Option<String> },
  /// Another origin: the request is forwarded there.
  External(String),
}

/// Response headers of the proxy that never reach the answer or the
/// route (hop-by-hop and framing headers, and the signals themselves).
const SKIPPED: &[&str] = &[
  "accept-encoding",
  "keepalive",
  "keep-alive",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "expect",
  "content-length",
  "x-middleware-rewrite",
  "x-middleware-redirect",
  "x-middleware-refresh",
  "x-middleware-next",
  "x-middleware-override-headers",
];

const REDIRECT_STATUSES: &[u16] = &[301, 302, 303, 307, 308];

/// Runs the proxy for this request. `parts.headers` becomes what the route
/// will see; a body is read whole first so both can read it.
pub(crate) async fn run_proxy(
  ctx: &Arc<ServeContext>,
  app: &Version,
  client: &ClientInfo,
  proxy: &Proxy,
  parts: &mut http::request::Parts,
  body: &mut RequestBody,
) -> Result<ProxyOutcome, Reject> {
  ctx
    .dispatcher
    .ready(&proxy.route, &parts.method, &parts.uri)
    .await?;
  let url =
    request_url(client, &parts.headers, parts.uri.path(), parts.uri.query());
  let origin = origin_of(&url);
  let mut headers = parts.headers.clone();
  add_forwarded_headers(&mut headers, client);
  let proxy_body =
    match std::mem::replace(body, RequestBody::Buffered(Default::default())) {
      RequestBody::Incoming(incoming) if has_body(parts) => {
        let limit = ctx.max_body_size;
        if declares_more_than(&parts.headers, limit) {
          return Err(Reject::TooLarge(limit));
        }
        let bytes = read_whole(incoming, limit)
          .await
          .ok_or(Reject::TooLarge(limit))?;
        *body = RequestBody::Buffered(bytes.clone());
        Some(RequestBody::Buffered(bytes).boxed())
      }
      RequestBody::Incoming(incoming) => {
        *body = RequestBody::Incoming(incoming);
        None
      }
      RequestBody::Buffered(bytes) => {
        *body = RequestBody::Buffered(bytes.clone());
        Some(RequestBody::Buffered(bytes).boxed())
      }
    };
  let config = &app.front().config;
  let call = HandlerCall {
    method: parts.method.clone(),
    url,
    headers,
    body: proxy_body,
    params: None,
    export: proxy.export,
    proxy: Some(ProxyContext {
      base_path: config.base_path.clone(),
      trailing_slash: config.trailing_slash,
    }),
    body_fault: None,
    prerender: None,
  };
  let response = ctx.dispatcher.call(&proxy.route, call).await?;
  let outcome = read_answer(response, &mut parts.headers, &origin);
  // What the proxy saw goes on: the forwarded headers it was given too.
  add_forwarded_headers(&mut parts.headers, client);
  Ok(outcome)
}

/// The whole body, or `None` past `limit` bytes (or broken). Frame by
/// frame rather than through `http_body_util::Limited`, whose
/// `Into<BoxError>` bound on the body's boxed error trips rustc's `Send`
/// check of the request's future ("implementation of `From` is not
/// general enough").
async fn read_whole(
  mut body: edgeroute_http::IncomingBody,
  limit: u64,
) -> Option<bytes::Bytes> {
  let mut whole = bytes::BytesMut::new();
  while let Some(frame) = body.frame().await {
    if let Ok(data) = frame.ok()?.into_data() {
      if (whole.len() + data.len()) as u64 > limit {
        return None;
      }
      whole.extend_from_slice(&data);
    }
  }
  Some(whole.freeze())
}

fn has_body(parts: &http::request::Parts) -> bool {
  let headers = &parts.headers;
  headers.contains_key(http::header::TRANSFER_ENCODING)
    || headers
      .get(http::header::CONTENT_LENGTH)
      .and_then(|v| v.to_str().ok())
      .is_some_and(|v| v != "0")
}

/// `scheme://host` of an absolute URL.
fn origin_of(url: &str) -> String {
  let after_scheme = url.find("://").map_or(0, |at| at + 3);
  match url[after_scheme..].find('/') {
    Some(at) => url[..after_scheme + at].to_owned(),
    None => url.to_owned(),
  }
}

/// `url` relative to `origin` when it is on it, as Next.js's
/// `getRelativeURL` makes it.
fn relative_to(url: &str, origin: &str) -> String {
  match url.strip_prefix(origin) {
    Some("") => "/".to_owned(),
    Some(rest) if rest.starts_with('/') || rest.starts_with('?') => {
      rest.to_owned()
    }
    _ => url.to_owned(),
  }
}

fn read_answer(
  mut response: Response<ResponseBody>,
  request: &mut HeaderMap,
  origin: &str,
) -> ProxyOutcome {
  let own = response.headers_mut();
  let text = |headers: &HeaderMap, name: &str| {
    headers
      .get(name)
      .and_then(|v| v.to_str().ok())
      .map(str::to_owned)
  };
  // The request headers the route sees instead of the client's.
  if let Some(names) = text(own, "x-middleware-override-headers") {
    let keep: Vec<String> = names
      .split(',')
      .map(|name| name.trim().to_owned())
      .collect();
    let old = std::mem::take(request);
    for (name, value) in &old {
      if keep.iter().any(|k| k.eq_ignore_ascii_case(name.as_str())) {
        request.append(name.clone(), value.clone());
      }
    }
    for name in &keep {
      let key = format!("x-middleware-request-{name}");
      let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
        continue;
      };
      match own.remove(key.as_str()) {
        Some(value) => {
          request.insert(header, value);
        }
        None => {
          request.remove(&header);
        }
      }
    }
  }
  let rewrite = text(own, "x-middleware-rewrite");
  let next = own.contains_key("x-middleware-next");
  let location = text(own, "location");
  let mut headers = HeaderMap::new();
  for (name, value) in own.iter() {
    let key = name.as_str();
    if SKIPPED.contains(&key) || key.starts_with("x-middleware-request-") {
      continue;
    }
    if key == "x-middleware-set-cookie" {
      request.append(name.clone(), value.clone());
      continue;
    }
    if key == "location" {
      continue;
    }
    headers.append(name.clone(), value.clone());
    request.append(name.clone(), value.clone());
  }
  if let Some(rewrite) = rewrite {
    let destination = relative_to(&rewrite, origin);
    if let Ok(value) = HeaderValue::from_str(&destination) {
      headers.insert("x-middleware-rewrite", value);
    }
    let target = if destination.starts_with('/') {
      let (path, query) = match destination.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (destination, None),
      };
      Target::Internal { path, query }
    } else {
      Target::External(destination)
    };
    return ProxyOutcome::Continue {
      headers,
      rewrite: Some(target),
    };
  }
  let status = response.status();
  if let Some(location) = location {
    if REDIRECT_STATUSES.contains(&status.as_u16()) {
      let mut answer = Reject::Redirect {
        status,
        location: relative_to(&location, origin),
      }
      .into_response();
      answer.headers_mut().extend(headers);
      return ProxyOutcome::Answer(answer);
    }
    if let Ok(value) = HeaderValue::from_str(&location) {
      headers.insert(http::header::LOCATION, value);
    }
    return ProxyOutcome::Answer(own_answer(response, headers));
  }
  if next {
    return ProxyOutcome::Continue {
      headers,
      rewrite: None,
    };
  }
  ProxyOutcome::Answer(own_answer(response, headers))
}

/// The proxy's own Response, with its headers as filtered.
fn own_answer(
  response: Response<ResponseBody>,
  headers: HeaderMap,
) -> Response<ResponseBody> {
  let (mut parts, body) = response.into_parts();
  parts.headers = headers;
  Response::from_parts(parts, body)
}
