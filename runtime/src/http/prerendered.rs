//! Prerendered GET handlers (segment config `revalidate` / `dynamic =
//! 'force-static'`): the stored answer, made on first use and regenerated
//! in the background once stale, as `next start` serves what `next build`
//! rendered.

use std::sync::Arc;

use bytes::Bytes;
use edgeroute_http::{Param, ResponseBody};
use http::{HeaderMap, Method, Response};
use http_body_util::BodyExt;

use super::dispatch::{Dispatcher, HandlerCall};
use super::reject::Reject;
use super::request::request_url;
use super::{ClientInfo, ServeContext};
use crate::app::{Route, Version};
use crate::prerender::Prerendered;
use crate::segment_config::Revalidate;

/// The stored answer for `path`, rendered now if there is none; a stale
/// one is served while one regeneration runs in the background.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn serve(
  ctx: &Arc<ServeContext>,
  app: &Arc<Version>,
  client: &ClientInfo,
  route: &Arc<Route>,
  path: String,
  params: Option<Vec<(String, Param)>>,
  revalidate: Revalidate,
  is_head: bool,
) -> Result<Response<ResponseBody>, Reject> {
  let to_body = |bytes: Bytes| {
    if is_head {
      ResponseBody::Empty
    } else {
      ResponseBody::Full(Some(bytes))
    }
  };
  if let Some(entry) = app.prerendered().get(&path) {
    let stale = entry.is_stale(revalidate);
    if stale && entry.claim_regeneration() {
      let ctx = ctx.clone();
      let app = app.clone();
      let client = client.clone();
      let route = route.clone();
      let stale = entry.clone();
      tokio::spawn(async move {
        if render(&ctx, &app, &client, &route, &path, params, revalidate)
          .await
          .is_err()
        {
          // Keep serving the stale answer; try again on a later request.
          stale.release_regeneration();
        }
      });
    }
    let state = if stale { "STALE" } else { "HIT" };
    return Ok(with_isr_headers(
      entry.to_response(to_body),
      state,
      revalidate,
    ));
  }
  match render(ctx, app, client, route, &path, params, revalidate).await? {
    Rendered::Kept(entry) => Ok(with_isr_headers(
      entry.to_response(to_body),
      "MISS",
      revalidate,
    )),
    Rendered::Dynamic(entry) => Ok(entry.to_response(to_body)),
  }
}

/// What a prerender made.
enum Rendered {
  /// An answer to keep (kept unless it failed).
  Kept(Arc<Prerendered>),
  /// The route turned out dynamic: this answer is for this request alone.
  Dynamic(Prerendered),
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
/// headers) and stores a successful answer.
async fn render(
  ctx: &ServeContext,
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
    // whatever the handler does; `revalidate = N` only if it stays static.
    prerender: matches!(revalidate, Revalidate::After(_)),
  };
  let response = ctx.dispatcher.call(route, call).await?;
  let (mut parts, body) = response.into_parts();
  let dynamic = parts.headers.remove(edgeroute_http::DYNAMIC_MARK).is_some();
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
  let entry = Prerendered::new(parts.status, parts.headers, bytes);
  if dynamic {
    route
      .turned_dynamic
      .store(true, std::sync::atomic::Ordering::Release);
    tracing::info!(
      "{}: GET is dynamic (an uncached fetch while prerendering), as next build would find it",
      route.pattern
    );
    return Ok(Rendered::Dynamic(entry));
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
