//! Handing a handler call to JS and waiting for its answer within the
//! route's wall clock. The rest of the HTTP layer reaches isolates only
//! through the [`Dispatcher`] trait: a different threading model (HTTP and
//! JS on one thread per core) is one more implementation, and request
//! semantics do not change with it.

use std::sync::Arc;

use edgeroute_http::{
  ClientWatch, FailureKind, HandlerOutcome, IncomingBody, Param, RequestJob,
  ResponseBody,
};
use edgeroute_routes::ParamValue;
use edgeroute_routes::methods::Exports;
use http::{HeaderMap, Method, Response, Uri};
use tokio::sync::oneshot;

use super::limit::{BodyFault, Fault};
use super::reject::Reject;
use crate::app::Route;
use crate::metrics::{Breach, Metrics, Served};

/// One call of a route's handler.
#[derive(Debug)]
pub(crate) struct HandlerCall {
  pub method: Method,
  /// What the handler sees as `request.url`.
  pub url: String,
  pub headers: HeaderMap,
  pub body: Option<IncomingBody>,
  /// `None` for a static route (`context.params` is then `undefined`).
  pub params: Option<Vec<(String, Param)>>,
  /// The export to call (`HEAD` may run `GET`).
  pub export: &'static str,
  /// Set for a call of the app's proxy.
  pub proxy: Option<edgeroute_http::ProxyContext>,
  /// Where the body notes a limit it broke: a handler failure that follows
  /// is the client's mistake, not the handler's.
  pub body_fault: Option<Arc<BodyFault>>,
  /// Set for a call made at build time rather than for a client
  /// ([`edgeroute_http::RequestJob::prerender`]).
  pub prerender: Option<edgeroute_http::Prerender>,
}

/// How handler calls reach JS.
pub(crate) trait Dispatcher: Send + Sync {
  /// The route's handlers, once its module has loaded (loading it on
  /// first use). Failures are logged here.
  fn ready(
    &self,
    route: &Route,
    method: &Method,
    uri: &Uri,
  ) -> impl Future<Output = Result<Arc<Exports>, Reject>> + Send;

  /// Runs the handler and waits, within the route's wall clock, for its
  /// Response. Failures are logged here with the file, method and URL. If
  /// the returned future is dropped before the answer is out (the client
  /// went away), the handler sees `request.signal` abort; a streamed body
  /// carries that duty on until it ends.
  fn call(
    &self,
    route: &Route,
    call: HandlerCall,
  ) -> impl Future<Output = Result<Response<ResponseBody>, Reject>> + Send;
}

/// Calls go to the route's isolate pool: a permit on the least busy
/// isolate, the job over its inbox to the isolate's thread, the outcome
/// back over a oneshot. What happens is counted in the app's metrics.
#[derive(Debug, Clone)]
pub(crate) struct PoolDispatcher {
  pub metrics: Arc<Metrics>,
}

impl Dispatcher for PoolDispatcher {
  async fn ready(
    &self,
    route: &Route,
    method: &Method,
    uri: &Uri,
  ) -> Result<Arc<Exports>, Reject> {
    route.pool.ready().await.map_err(|error| {
      tracing::error!("{method} {uri} ({}): {error}", route.file.display());
      Reject::from(error)
    })
  }

  async fn call(
    &self,
    route: &Route,
    call: HandlerCall,
  ) -> Result<Response<ResponseBody>, Reject> {
    let method = call.method.clone();
    let url = call.url.clone();
    let is_proxy = call.proxy.is_some();
    let file = route.file.display();
    let body_fault = call.body_fault.clone();
    let permit = route.pool.acquire().await.map_err(|error| {
      tracing::error!("{method} {url} ({file}): {error}");
      let reject = Reject::from(error);
      if matches!(reject, Reject::Overloaded) {
        self.metrics.overloaded(&route.name, &method);
      }
      reject
    })?;
    let _running = self.metrics.running(&route.name, &method);
    let (tx, rx) = oneshot::channel();
    let (watch, client) = ClientWatch::new();
    let job = RequestJob {
      method: call.method,
      url: call.url,
      headers: call.headers,
      body: call.body,
      params: call.params,
      export: call.export,
      proxy: call.proxy,
      prerender: call.prerender,
      respond: tx,
      client,
    };
    if let Err(error) = permit.dispatch(job).await {
      tracing::error!("{method} {url} ({file}): {error}");
      return Err(Reject::Failed);
    }
    let Ok(outcome) = tokio::time::timeout(route.wall, rx).await else {
      // The handler may still be running: new requests go to a fresh
      // isolate, and this one ends once the requests it holds do.
      permit.retire();
      self.metrics.breached(&route.name, Breach::Wall);
      tracing::error!(
        "{method} {url} ({file}): wall-clock limit of {} s exceeded (maxDuration); answered 504, isolate retired",
        route.wall.as_secs_f64()
      );
      return Err(Reject::TimedOut);
    };
    match outcome {
      Ok(HandlerOutcome::Response(mut response)) => {
        // Next.js's cookie signal (NextResponse's cookies) reaches the
        // route's request from a proxy's answer; it never leaves the
        // server.
        if !is_proxy {
          response.headers_mut().remove("x-middleware-set-cookie");
        }
        response.body_mut().watch_client(watch);
        response.extensions_mut().insert(Served {
          route: route.name.clone(),
          isolate: Some(permit.isolate()),
        });
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
        if body_fault.is_some_and(|fault| fault.get() != Fault::None) {
          // The request body broke a limit; the answer says which.
          tracing::debug!(
            "{what}: {method} {url} ({file})\n{}",
            failure.message
          );
        } else {
          tracing::error!(
            "{what}: {method} {url} ({file})\n{}",
            failure.message
          );
        }
        Err(Reject::Failed)
      }
      Err(_) => {
        watch.finish();
        match permit.breach() {
          Some(breach) => {
            self.metrics.breached(
              &route.name,
              match breach {
                edgeroute_isolate::Breach::Cpu(_) => Breach::Cpu,
                edgeroute_isolate::Breach::Heap(_) => Breach::Heap,
              },
            );
            tracing::error!(
              "{method} {url} ({file}): route {}: {breach}; isolate terminated and replaced",
              route.pattern
            );
          }
          None => tracing::error!(
            "{method} {url} ({file}): the isolate stopped before answering"
          ),
        }
        Err(Reject::Failed)
      }
    }
  }
}

/// The params a handler gets: `None` for a static route, so
/// `context.params` is `undefined` as in Next.js.
pub(crate) fn handler_params(
  route: &Route,
  params: Vec<(String, ParamValue)>,
) -> Option<Vec<(String, Param)>> {
  route.dynamic.then(|| {
    params
      .into_iter()
      .map(|(name, value)| {
        let value = match value {
          ParamValue::One(v) => Param::One(v),
          ParamValue::Many(v) => Param::Many(v),
        };
        (name, value)
      })
      .collect()
  })
}
