//! Prerendered GET handlers (segment config `revalidate` / `dynamic =
//! 'force-static'`): the stored answer, made on first use and regenerated
//! in the background once stale, as `next start` serves what `next build`
//! rendered.

use std::sync::Arc;

use bytes::Bytes;
use edgeroute_http::{Param, Prerender, ResponseBody};
use http::{HeaderMap, Method, Response};
use http_body_util::BodyExt;

use super::dispatch::{Dispatcher, HandlerCall};
use super::reject::Reject;
use super::request::request_url;
use super::{ClientInfo, ServeContext};
use crate::app::{Route, Version};
use crate::prerender::Prerendered;
use crate::segment_config::Revalidate;
use edgeroute_cache::TagVerdict;

/// What a prerendered route makes of a request.
pub(crate) enum Stored {
  /// The answer: stored, rendered now, Next.js's 404 or 405.
  Answer(Response<ResponseBody>),
  /// The build (or a render) found the route dynamic: the request is
  /// served as a dynamic one.
  Dynamic,
  /// Draft mode is on: the handler runs for this request, its answer
  /// marked private ([`mark_draft`]), and the stored one is kept.
  DraftMode,
}

/// What [`answer`] needs of the request.
pub(crate) struct Request<'r> {
  pub method: &'r Method,
  pub headers: &'r HeaderMap,
  /// What the handler sees as `request.url`'s path.
  pub path: &'r str,
  pub params: &'r Option<Vec<(String, Param)>>,
}

/// A prerendered route's answer to a request, once the route's build is
/// done: Next.js's 404 for params `generateStaticParams()` did not list
/// (`dynamicParams = false`), the static 405 for methods other than GET
/// and HEAD on a static route, else [`serve`]'s.
pub(crate) async fn answer(
  ctx: &Arc<ServeContext>,
  app: &Arc<Version>,
  client: &ClientInfo,
  route: &Arc<Route>,
  request: Request<'_>,
  revalidate: Revalidate,
) -> Result<Stored, Reject> {
  let built = super::build::ensure(&ctx.dispatcher, app, route).await;
  if route.is_turned_dynamic() {
    return Ok(Stored::Dynamic);
  }
  if let Some(listed) = request.params
    && !route.segment.dynamic_params
    && !built.lists(listed)
  {
    return Err(Reject::NotFound);
  }
  let method = request.method;
  if !route.dynamic && !matches!(*method, Method::GET | Method::HEAD) {
    // A static prerendered route answers GET and HEAD only: anything
    // else, OPTIONS included, is Next.js's static 405.
    return Err(Reject::StaticMethodNotAllowed);
  }
  if in_draft_mode(request.headers, app.preview_mode_id()) {
    return Ok(Stored::DraftMode);
  }
  let path = request.path.to_owned();
  let params = request.params.clone();
  let served =
    serve(ctx, app, client, route, path, params, revalidate, method).await?;
  Ok(served.map_or(Stored::Dynamic, Stored::Answer))
}

/// Whether the request carries the draft-mode cookie `draftMode().enable()`
/// set in this process (read as Next.js reads cookies: the first wins).
fn in_draft_mode(headers: &HeaderMap, preview_mode_id: &str) -> bool {
  edgeroute_rules::cookie_value(headers, edgeroute_next::PREVIEW_COOKIE)
    .is_some_and(|value| value == preview_mode_id)
}

/// The Cache-Control `next start` gives an answer rendered for draft mode.
pub(crate) fn mark_draft(response: &mut Response<ResponseBody>) {
  response.headers_mut().insert(
    http::header::CACHE_CONTROL,
    http::HeaderValue::from_static(
      "private, no-cache, no-store, max-age=0, must-revalidate",
    ),
  );
}

/// The stored answer for `path`; a stale one is served while one
/// regeneration runs in the background. Without one, a GET (or HEAD)
/// renders it now (MISS); another method gets an empty 405 (Next.js
/// serves a dynamic route's stored paths to any method, and renders its
/// static 405 for the others). `None`: the render found the route dynamic,
/// and the request is to be served as a dynamic one.
#[allow(clippy::too_many_arguments)]
async fn serve(
  ctx: &Arc<ServeContext>,
  app: &Arc<Version>,
  client: &ClientInfo,
  route: &Arc<Route>,
  path: String,
  params: Option<Vec<(String, Param)>>,
  revalidate: Revalidate,
  method: &Method,
) -> Result<Option<Response<ResponseBody>>, Reject> {
  let is_head = method == Method::HEAD;
  let to_body = |bytes: Bytes| {
    if is_head {
      ResponseBody::Empty
    } else {
      ResponseBody::Full(Some(bytes))
    }
  };
  let stored = app.prerendered().get(&path).and_then(|entry| {
    // Tag invalidations (revalidateTag, revalidatePath: this instance's
    // or, through a shared cache, another's) reach it too.
    match app.data_cache().judge_tags(&entry.tags, entry.stored_at) {
      TagVerdict::Expired => None,
      TagVerdict::Stale => Some((entry, true)),
      TagVerdict::Fresh => Some((entry, false)),
    }
  });
  if let Some((entry, stale_by_tag)) = stored {
    let stale = stale_by_tag || entry.is_stale();
    if stale && entry.claim_regeneration() {
      let ctx = ctx.clone();
      let app = app.clone();
      let client = client.clone();
      let route = route.clone();
      let stale = entry.clone();
      tokio::spawn(async move {
        let dispatcher = &ctx.dispatcher;
        if render(dispatcher, &app, &client, &route, &path, params, revalidate)
          .await
          .is_err()
        {
          // Keep serving the stale answer; try again on a later request.
          stale.release_regeneration();
        }
      });
    }
    let state = if stale { "STALE" } else { "HIT" };
    let response = entry.to_response(to_body);
    return Ok(Some(with_isr_headers(response, state, entry.revalidate)));
  }
  if !matches!(*method, Method::GET | Method::HEAD) {
    let mut response = Response::new(ResponseBody::Empty);
    *response.status_mut() = http::StatusCode::METHOD_NOT_ALLOWED;
    return Ok(Some(with_isr_headers(response, "MISS", revalidate)));
  }
  let dispatcher = &ctx.dispatcher;
  match render(dispatcher, app, client, route, &path, params, revalidate)
    .await?
  {
    Rendered::Kept(entry) => {
      let response = entry.to_response(to_body);
      Ok(Some(with_isr_headers(response, "MISS", entry.revalidate)))
    }
    Rendered::Dynamic => Ok(None),
  }
}

/// What a prerender made.
pub(crate) enum Rendered {
  /// An answer to keep (kept unless it failed).
  Kept(Arc<Prerendered>),
  /// The route turned out dynamic: nothing is kept, and requests run its
  /// handler from now on.
  Dynamic,
}

/// What Next.js keeps a stored answer for ("forever" is a year).
const ONE_YEAR: u64 = 31_536_000;

/// The headers `next start` gives a prerendered answer: `x-nextjs-cache`
/// (HIT, STALE, or MISS for an answer rendered for this request: Next.js
/// renders at build, so its first answer is a HIT) and the
/// `Cache-Control` a CDN keeps it by: `s-maxage=31536000` when it never
/// goes stale, else `s-maxage=N, stale-while-revalidate=<a year - N>`.
fn with_isr_headers(
  mut response: Response<ResponseBody>,
  state: &'static str,
  revalidate: Revalidate,
) -> Response<ResponseBody> {
  let cache_control = match revalidate {
    Revalidate::Never => format!("s-maxage={ONE_YEAR}"),
    Revalidate::After(n) if n < ONE_YEAR => {
      format!("s-maxage={n}, stale-while-revalidate={}", ONE_YEAR - n)
    }
    Revalidate::After(n) => format!("s-maxage={n}"),
  };
  let headers = response.headers_mut();
  headers.insert("x-nextjs-cache", http::HeaderValue::from_static(state));
  if let Ok(value) = http::HeaderValue::from_str(&cache_control) {
    headers.insert(http::header::CACHE_CONTROL, value);
  }
  response
}

/// Runs the GET handler as `next build` does (no query, no request
/// headers) and stores a successful answer, fresh for `revalidate` or
/// less when a cached read asked for less.
pub(crate) async fn render(
  dispatcher: &impl Dispatcher,
  app: &Version,
  client: &ClientInfo,
  route: &Route,
  path: &str,
  params: Option<Vec<(String, Param)>>,
  revalidate: Revalidate,
) -> Result<Rendered, Reject> {
  let headers = HeaderMap::new();
  let call = HandlerCall {
    proxy: None,
    method: Method::GET,
    url: request_url(client, &headers, path, None),
    headers,
    body: None,
    params,
    export: "GET",
    body_fault: None,
    // `dynamic = 'force-static'` (and `revalidate = false`) prerender
    // whatever the handler does; `revalidate = N` and `cacheComponents`
    // only if it stays static.
    prerender: Some(if route.segment.may_turn_dynamic {
      Prerender::MayTurnDynamic
    } else if route.segment.dynamic_error {
      Prerender::MustStayStatic
    } else {
      Prerender::Static
    }),
  };
  let response = dispatcher.call(route, call).await?;
  let (mut parts, body) = response.into_parts();
  let dynamic = parts.headers.remove(edgeroute_http::DYNAMIC_MARK).is_some();
  let lowered = parts
    .headers
    .remove(edgeroute_http::REVALIDATE_MARK)
    .and_then(|value| value.to_str().ok()?.parse::<f64>().ok())
    .filter(|seconds| *seconds >= 1.0)
    .map(|seconds| seconds.floor() as u64);
  let revalidate = match (revalidate, lowered) {
    (Revalidate::After(n), Some(m)) => Revalidate::After(n.min(m)),
    (Revalidate::Never, Some(m)) => Revalidate::After(m),
    (revalidate, None) => revalidate,
  };
  let bytes = match body.collect().await {
    Ok(collected) => collected.to_bytes(),
    Err(error) => {
      tracing::error!(
        "prerendering GET {path} ({}): the body failed: {error}",
        route.file.display()
      );
      return Err(Reject::Failed);
    }
  };
  let tags = parts
    .headers
    .remove(edgeroute_http::TAGS_MARK)
    .map(|value| decode_tags(value.as_bytes()))
    .unwrap_or_default();
  let entry =
    Prerendered::new(parts.status, parts.headers, bytes, revalidate, tags);
  if dynamic {
    route
      .turned_dynamic
      .store(true, std::sync::atomic::Ordering::Release);
    tracing::info!(
      "{}: GET is dynamic (an uncached fetch while prerendering), as next build would find it",
      route.pattern
    );
    return Ok(Rendered::Dynamic);
  }
  if parts.status.is_success() {
    Ok(Rendered::Kept(app.prerendered().put(
      &route.pattern,
      path,
      entry,
    )))
  } else {
    Ok(Rendered::Kept(Arc::new(entry)))
  }
}

/// [`edgeroute_http::TAGS_MARK`]'s value: URI-encoded tags, comma-separated.
fn decode_tags(value: &[u8]) -> Vec<String> {
  value
    .split(|b| *b == b',')
    .filter(|tag| !tag.is_empty())
    .map(|tag| {
      percent_encoding::percent_decode(tag)
        .decode_utf8_lossy()
        .into_owned()
    })
    .collect()
}
