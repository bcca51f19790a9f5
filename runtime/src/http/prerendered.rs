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
    if entry.is_stale(revalidate) && entry.claim_regeneration() {
      let ctx = ctx.clone();
      let app = app.clone();
      let client = client.clone();
      let route = route.clone();
      let stale = entry.clone();
      tokio::spawn(async move {
        if render(&ctx, &app, &client, &route, &path, params)
          .await
          .is_err()
        {
          // Keep serving the stale answer; try again on a later request.
          stale.release_regeneration();
        }
      });
    }
    return Ok(entry.to_response(to_body));
  }
  let entry = render(ctx, app, client, route, &path, params).await?;
  Ok(entry.to_response(to_body))
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
) -> Result<Arc<Prerendered>, Reject> {
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
  };
  let response = ctx.dispatcher.call(route, call).await?;
  let (parts, body) = response.into_parts();
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
  if parts.status.is_success() {
    Ok(app.prerendered().put(&route.pattern, path, entry))
  } else {
    Ok(Arc::new(entry))
  }
}
