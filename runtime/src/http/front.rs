//! What `next start` does in front of a route, in its order: next.config's
//! `headers()` and `redirects()`, the proxy, then rewrites around the
//! filesystem (public files, static routes, dynamic routes) as
//! `edgeroute_rules::Rules::resolve` orders them, then 404. Headers the
//! rules and the proxy set go on every answer that follows, the proxy's
//! over `headers()`'s over the route's own.

use std::sync::Arc;

use bytes::Bytes;
use edgeroute_http::{IncomingBody, ResponseBody};
use edgeroute_public::PublicFile;
use edgeroute_routes::ParamValue;
use edgeroute_rules::{Filesystem, RequestParts, Resolution};
use http::{HeaderMap, Request, Response, header};
use http_body_util::BodyExt;

use super::handle::call_route;
use super::proxy::{ProxyOutcome, Target, run_proxy};
use super::reject::Reject;
use super::upstream;
use super::{ClientInfo, ServeContext};
use crate::app::{Route, Version};
use crate::metrics::Served;

/// A request body: as it arrives, or read whole because the proxy and the
/// route both see it (Next.js clones it for the proxy the same way).
pub(crate) enum RequestBody {
  Incoming(IncomingBody),
  Buffered(Bytes),
}

impl RequestBody {
  /// The body as the isolates and the upstream client take it.
  pub(crate) fn boxed(self) -> IncomingBody {
    match self {
      RequestBody::Incoming(body) => body,
      RequestBody::Buffered(bytes) => http_body_util::Full::new(bytes)
        .map_err(|never| match never {})
        .boxed_unsync(),
    }
  }
}

/// What the filesystem check found.
pub(crate) enum Hit {
  Public(PublicFile),
  Route(Arc<Route>, Vec<(String, ParamValue)>),
  /// A dynamic segment with a malformed percent-escape: 400.
  Malformed,
}

/// Public files and routes, as the rules' filesystem checks see them.
struct AppFiles<'a>(&'a Version);

impl Filesystem for AppFiles<'_> {
  type Hit = Hit;

  fn file(&self, path: &str) -> Option<Hit> {
    // A public file wins over a route on the same path, as in Next.js.
    if let Some(file) = self.0.front().public.lookup(path) {
      return Some(Hit::Public(file));
    }
    match self.0.table().match_path(path) {
      Ok(Some(found)) if !found.route.dynamic => {
        Some(Hit::Route(found.route.clone(), found.params))
      }
      _ => None,
    }
  }

  fn dynamic(&self, path: &str) -> Option<Hit> {
    // The rules hand it on as rewritten; routes match without the slash.
    let path = match path.strip_suffix('/') {
      Some(inside) if !inside.is_empty() => inside,
      _ => path,
    };
    match self.0.table().match_path(path) {
      Ok(Some(found)) if found.route.dynamic => {
        Some(Hit::Route(found.route.clone(), found.params))
      }
      Ok(_) => None,
      Err(_) => Some(Hit::Malformed),
    }
  }
}

/// Answers one request that passed the host and canonical-path checks.
pub(crate) async fn answer(
  ctx: &Arc<ServeContext>,
  app: &Arc<Version>,
  client: &ClientInfo,
  req: Request<IncomingBody>,
) -> Response<ResponseBody> {
  let front = app.front();
  let (mut parts, body) = req.into_parts();
  let path = parts.uri.path().to_owned();
  let query = parts.uri.query().map(str::to_owned);
  let rules = &front.rules;
  let before = rules.front(&RequestParts {
    path: &path,
    query: query.as_deref(),
    headers: &parts.headers,
  });
  if let Some(message) = before.error {
    tracing::error!("{} {}: {message}", parts.method, parts.uri);
    return Reject::Failed.into_response();
  }
  if let Some(redirect) = before.redirect {
    // `headers()` does not apply to redirects' answers.
    return Reject::Redirect {
      status: redirect.status,
      location: redirect.location,
    }
    .into_response();
  }
  let mut set = HeaderMap::new();
  for (name, value) in before.headers {
    if name == header::SET_COOKIE {
      set.append(name, value);
    } else {
      set.insert(name, value);
    }
  }
  let mut body = RequestBody::Incoming(body);
  let mut target: Option<(String, Option<String>)> = None;
  if let Some(proxy) = &front.proxy {
    let view = RequestParts {
      path: &path,
      query: query.as_deref(),
      headers: &parts.headers,
    };
    if proxy.matcher.matches(&view) {
      match run_proxy(ctx, app, client, proxy, &mut parts, &mut body).await {
        // Next.js's plain 500, without `headers()`.
        Err(Reject::Failed) => return Reject::ProxyFailed.into_response(),
        Err(reject) => return with_headers(set, reject.into_response()),
        Ok(ProxyOutcome::Answer(response)) => {
          return with_headers(set, served_by(response, "(proxy)"));
        }
        Ok(ProxyOutcome::Continue { headers, rewrite }) => {
          // The proxy's headers win over `headers()`'s.
          for name in headers.keys() {
            set.remove(name);
          }
          for (name, value) in &headers {
            set.append(name, value.clone());
          }
          match rewrite {
            Some(Target::External(url)) => {
              let response =
                upstream::forward(&ctx.app, parts, body, &url).await;
              let response = served_by(into_response(response), "(external)");
              return with_headers(set, response);
            }
            Some(Target::Internal { path, query }) => {
              target = Some((path, query));
            }
            None => {}
          }
        }
      }
    }
  }
  let (now_path, now_query) = match &target {
    Some((path, query)) => (path.as_str(), query.as_deref()),
    None => (path.as_str(), query.as_deref()),
  };
  let resolution = rules.resolve(
    &RequestParts {
      path: now_path,
      query: now_query,
      headers: &parts.headers,
    },
    &AppFiles(app),
  );
  let response = match resolution {
    Resolution::Hit {
      hit: Hit::Public(file),
      ..
    } => serve_public(app, &file, &parts)
      .await
      .map(|response| served_by(response, "(public)")),
    Resolution::Hit {
      hit: Hit::Route(route, params),
      ..
    } => {
      // The route sees the URL the client asked for, without the
      // basePath, whatever rewrote it.
      let own = rules
        .strip_base_path(&path)
        .map_or_else(|| path.clone(), |inside| inside.into_owned());
      let answer = call_route(
        ctx,
        app,
        client,
        parts,
        body,
        &route,
        params,
        &own,
        query.as_deref(),
      )
      .await;
      // The route's own 405, 413, 500... count as the route's.
      let mut response = into_response(answer);
      if response.extensions().get::<Served>().is_none() {
        response.extensions_mut().insert(Served {
          route: route.name.clone(),
          isolate: None,
        });
      }
      Ok(response)
    }
    Resolution::Hit {
      hit: Hit::Malformed,
      ..
    } => Err(Reject::BadRequest),
    Resolution::External { url } => {
      // `headers()` does not apply to external rewrites' answers; the
      // proxy's headers do.
      let response = upstream::forward(&ctx.app, parts, body, &url).await;
      return served_by(into_response(response), "(external)");
    }
    Resolution::NotFound => Ok(not_found(app)),
    Resolution::Error { message } => {
      tracing::error!("{} {}: {message}", parts.method, parts.uri);
      Err(Reject::Failed)
    }
  };
  with_headers(set, into_response(response))
}

/// Next.js's 404 page, which says `X-Powered-By: Next.js` unless
/// next.config's `poweredByHeader` is false.
fn not_found(app: &Version) -> Response<ResponseBody> {
  let mut response = Reject::NotFound.into_response();
  if app.front().config.powered_by_header {
    response
      .headers_mut()
      .insert("x-powered-by", http::HeaderValue::from_static("Next.js"));
  }
  response
}

/// Notes who answered (for the metrics and the access log).
fn served_by(
  mut response: Response<ResponseBody>,
  name: &str,
) -> Response<ResponseBody> {
  response.extensions_mut().insert(Served::by(name));
  response
}

fn into_response(
  result: Result<Response<ResponseBody>, Reject>,
) -> Response<ResponseBody> {
  result.unwrap_or_else(Reject::into_response)
}

/// Headers whose values add up rather than replace, as `next start`
/// writes a route's answer over the headers routing already set.
const MULTI_VALUED: &[header::HeaderName] = &[
  header::SET_COOKIE,
  header::WWW_AUTHENTICATE,
  header::PROXY_AUTHENTICATE,
  header::VARY,
];

/// `set` (from the rules and the proxy) over the answer's own headers: an
/// own header already set is dropped, except those that add up.
fn with_headers(
  set: HeaderMap,
  mut response: Response<ResponseBody>,
) -> Response<ResponseBody> {
  if set.is_empty() {
    return response;
  }
  let own = std::mem::take(response.headers_mut());
  let mut out = set.clone();
  let mut name = None;
  for (next, value) in own {
    if let Some(next) = next {
      name = Some(next);
    }
    let Some(name) = &name else { continue };
    if MULTI_VALUED.contains(name) || !set.contains_key(name) {
      out.append(name.clone(), value);
    }
  }
  *response.headers_mut() = out;
  response
}

async fn serve_public(
  app: &Version,
  file: &PublicFile,
  parts: &http::request::Parts,
) -> Result<Response<ResponseBody>, Reject> {
  let etags = app.front().config.generate_etags;
  match edgeroute_public::serve(file, &parts.method, &parts.headers, etags)
    .await
  {
    Ok(response) => Ok(response.map(|body| {
      ResponseBody::Boxed(
        body
          .map_err(|error| edgeroute_http::StreamError(error.to_string()))
          .boxed_unsync(),
      )
    })),
    Err(error) => {
      tracing::error!("{} {}: {error}", parts.method, parts.uri);
      Err(Reject::Failed)
    }
  }
}
