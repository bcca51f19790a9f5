//! The build step: what `next build` does for prerendered GET handlers
//! (`dynamic = 'force-static'` or `'error'`, `revalidate = false` or N),
//! done when a version of the app starts serving. A static route's GET is
//! rendered and stored; a dynamic route's `generateStaticParams()` is
//! called and each path it lists is rendered and stored, so the first
//! request for any of them is a HIT, as on `next start`.
//!
//! Each route is built once per version ([`ensure`]): the app starts every
//! build in the background when it loads or reloads, and a request for a
//! prerendered route waits for its route's build before it looks at the
//! stored answers. A build that fails is logged with the route's file and
//! leaves the route rendering on demand.

use std::sync::Arc;

use edgeroute_http::{Param, Prerender};
use edgeroute_routes::methods::prerenderable;
use http::{HeaderMap, Method, Uri};
use http_body_util::BodyExt;
use serde_json::Value;

use super::ClientInfo;
use super::dispatch::{Dispatcher, HandlerCall, PoolDispatcher};
use super::prerendered;
use crate::app::{Route, Version};
use crate::prerender::Built;

/// The route's build, run now if it has not run yet.
pub(crate) async fn ensure<'r>(
  dispatcher: &PoolDispatcher,
  app: &Version,
  route: &'r Route,
) -> &'r Built {
  route
    .built
    .get_or_init(|| build(dispatcher, app, route))
    .await
}

/// Builds every prerendered route of `app`, concurrently, once per
/// version (a second call waits for the first).
pub(crate) async fn build_all(dispatcher: PoolDispatcher, app: Arc<Version>) {
  app
    .built
    .get_or_init(|| async {
      let started = std::time::Instant::now();
      let routes: Vec<&Arc<Route>> = app
        .routes()
        .iter()
        .filter(|route| route.segment.prerender.is_some())
        .collect();
      let builds = routes.iter().map(|route| ensure(&dispatcher, &app, route));
      futures::future::join_all(builds).await;
      if !routes.is_empty() {
        tracing::info!(
          "built {} prerendered routes ({} answers stored) in {} ms",
          routes.len(),
          app.prerendered().len(),
          started.elapsed().as_millis()
        );
      }
    })
    .await;
}

async fn build(
  dispatcher: &PoolDispatcher,
  app: &Version,
  route: &Route,
) -> Built {
  let Some(revalidate) = route.segment.prerender else {
    return Built::default();
  };
  let uri = Uri::from_static("/");
  let Ok(exports) = dispatcher.ready(route, &Method::GET, &uri).await else {
    return Built::default();
  };
  if !prerenderable(&exports) {
    return Built::default();
  }
  let base_path = &app.front().config.base_path;
  let client = ClientInfo::default();
  let mut built = Built::default();
  let paths = if route.dynamic {
    let listed = static_params(dispatcher, route).await;
    let paths: Vec<_> = listed
      .iter()
      .flatten()
      .map(|params| (fill(&route.pattern, params), Some(params.clone())))
      .collect();
    built.listed = listed;
    paths
  } else {
    vec![(route.pattern.clone(), None)]
  };
  let renders = paths.into_iter().map(|(path, params)| {
    let path = format!("{base_path}{path}");
    let client = &client;
    async move {
      if let Err(error) = prerendered::render(
        dispatcher, app, client, route, &path, params, revalidate,
      )
      .await
      {
        tracing::error!(
          "building GET {path} ({}): {error:?}; it renders on its first request instead",
          route.file.display()
        );
      }
    }
  });
  futures::future::join_all(renders).await;
  built
}

/// The params `generateStaticParams()` lists, `None` when the module does
/// not export it or it failed (logged).
async fn static_params(
  dispatcher: &PoolDispatcher,
  route: &Route,
) -> Option<Vec<Vec<(String, Param)>>> {
  let call = HandlerCall {
    proxy: None,
    method: Method::GET,
    url: format!("http://localhost{}", route.pattern),
    headers: HeaderMap::new(),
    body: None,
    params: None,
    export: "generateStaticParams",
    body_fault: None,
    prerender: Some(Prerender::StaticParams),
  };
  let response = dispatcher.call(route, call).await.ok()?;
  let bytes = response.into_body().collect().await.ok()?.to_bytes();
  let list = match serde_json::from_slice::<Value>(&bytes) {
    Ok(Value::Null) => return None,
    Ok(Value::Array(list)) => list,
    _ => {
      tracing::error!(
        "{}: generateStaticParams() must return an array of params objects",
        route.file.display()
      );
      return None;
    }
  };
  let names = param_names(&route.pattern);
  let mut out = Vec::with_capacity(list.len());
  for item in &list {
    match params_of(&names, item) {
      Ok(params) => out.push(params),
      Err(message) => tracing::error!(
        "{}: generateStaticParams() returned {item}: {message}",
        route.file.display()
      ),
    }
  }
  Some(out)
}

/// How a pattern segment takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
  One,
  Many,
  OptionalMany,
}

/// The pattern's params in order, with how each takes its value.
fn param_names(pattern: &str) -> Vec<(&str, Kind)> {
  pattern
    .split('/')
    .filter_map(|segment| {
      if let Some(name) = segment
        .strip_prefix("[[...")
        .and_then(|s| s.strip_suffix("]]"))
      {
        Some((name, Kind::OptionalMany))
      } else if let Some(name) = segment
        .strip_prefix("[...")
        .and_then(|s| s.strip_suffix(']'))
      {
        Some((name, Kind::Many))
      } else {
        let name = segment.strip_prefix('[')?.strip_suffix(']')?;
        Some((name, Kind::One))
      }
    })
    .collect()
}

/// One listed params object as the handler would see it, checked as
/// `next build` checks it (a string per `[x]`, an array of strings per
/// `[...x]`).
fn params_of(
  names: &[(&str, Kind)],
  item: &Value,
) -> Result<Vec<(String, Param)>, String> {
  let object = item.as_object().ok_or("not an object")?;
  let mut params = Vec::with_capacity(names.len());
  for (name, kind) in names {
    let value = object.get(*name);
    let strings = |list: &Vec<Value>| {
      list
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<Vec<String>>>()
    };
    let param = match (kind, value) {
      (Kind::One, Some(Value::String(s))) => Param::One(s.clone()),
      (Kind::Many | Kind::OptionalMany, Some(Value::Array(list)))
        if !list.is_empty() =>
      {
        Param::Many(
          strings(list)
            .ok_or_else(|| format!("\"{name}\" must be an array of strings"))?,
        )
      }
      (Kind::OptionalMany, None | Some(Value::Null)) => continue,
      (Kind::OptionalMany, Some(Value::Array(_))) => continue,
      (Kind::One, _) => {
        return Err(format!("\"{name}\" must be a string"));
      }
      _ => return Err(format!("\"{name}\" must be a non-empty array")),
    };
    params.push(((*name).to_owned(), param));
  }
  Ok(params)
}

/// The URL path of `pattern` with `params` in place, each value
/// percent-encoded as a path segment.
fn fill(pattern: &str, params: &[(String, Param)]) -> String {
  use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
  const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');
  let value_of =
    |name: &str| params.iter().find(|(n, _)| n == name).map(|(_, v)| v);
  let mut path = String::new();
  for segment in pattern.split('/').filter(|s| !s.is_empty()) {
    let name = segment
      .trim_start_matches('[')
      .trim_start_matches("...")
      .trim_end_matches(']');
    match segment.starts_with('[').then(|| value_of(name)) {
      None => {
        path.push('/');
        path.push_str(segment);
      }
      Some(None) => {}
      Some(Some(Param::One(value))) => {
        path.push('/');
        path.extend(utf8_percent_encode(value, SEGMENT));
      }
      Some(Some(Param::Many(values))) => {
        for value in values {
          path.push('/');
          path.extend(utf8_percent_encode(value, SEGMENT));
        }
      }
    }
  }
  if path.is_empty() {
    "/".to_owned()
  } else {
    path
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn listed_params_become_paths_next_build_would_render() {
    let names = param_names("/docs/[lang]/[...slug]");
    let params = params_of(
      &names,
      &serde_json::json!({"lang": "en", "slug": ["a b", "c"]}),
    )
    .expect("valid");
    assert_eq!(fill("/docs/[lang]/[...slug]", &params), "/docs/en/a%20b/c");
    assert!(params_of(&names, &serde_json::json!({"lang": 1})).is_err());
    assert!(params_of(&names, &serde_json::json!({"lang": "en"})).is_err());
    let optional = param_names("/shop/[[...path]]");
    let none = params_of(&optional, &serde_json::json!({})).expect("valid");
    assert_eq!(fill("/shop/[[...path]]", &none), "/shop");
  }
}
