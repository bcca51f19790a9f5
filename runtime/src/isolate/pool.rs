//! The isolates of one route. Today a route runs in a single isolate,
//! started on its first request; the pool is the seam where more isolates
//! per route, limits and retirement plug in.

use std::sync::Arc;

use edgeroute_http::{LoadReport, RequestJob};
use tokio::sync::OnceCell;

use super::worker::{IsolateHandle, IsolateSpec, spawn_isolate};

/// A route whose module has loaded in an isolate.
#[derive(Debug)]
pub struct RouteReady {
  /// Exported handler methods (upper case).
  pub methods: Vec<String>,
  isolate: IsolateHandle,
}

/// Why a request could not be handed to the route.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PoolError {
  /// The route module failed to load or evaluate.
  #[error("route module failed to load: {0}")]
  LoadFailed(String),
  /// The isolate could not be started or has stopped.
  #[error("isolate unavailable: {0}")]
  Unavailable(String),
}

/// The isolates serving one route.
#[derive(Debug)]
pub struct RoutePool {
  spec: IsolateSpec,
  ready: OnceCell<Result<Arc<RouteReady>, PoolError>>,
}

impl RoutePool {
  /// A pool that starts isolates for `spec` on demand.
  pub fn new(spec: IsolateSpec) -> Self {
    Self {
      spec,
      ready: OnceCell::new(),
    }
  }

  /// The loaded route, starting its isolate on first use.
  pub async fn ready(&self) -> Result<Arc<RouteReady>, PoolError> {
    self
      .ready
      .get_or_init(|| async { self.start().await })
      .await
      .clone()
  }

  async fn start(&self) -> Result<Arc<RouteReady>, PoolError> {
    let (isolate, report) = spawn_isolate(self.spec.clone())
      .map_err(|e| PoolError::Unavailable(e.to_string()))?;
    match report.await {
      Ok(LoadReport::Ready { methods, ignored }) => {
        // App::load already warned for exports it could read statically.
        for name in ignored {
          tracing::debug!(
            route = %self.spec.name,
            "export '{name}' is not a route handler and is ignored (handlers are named GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS)"
          );
        }
        Ok(Arc::new(RouteReady { methods, isolate }))
      }
      Ok(LoadReport::Failed(message)) => Err(PoolError::LoadFailed(message)),
      Err(_) => Err(PoolError::Unavailable(
        "the isolate stopped while loading the route module".to_owned(),
      )),
    }
  }
}

impl RouteReady {
  /// Hands a request to an isolate of this route.
  pub async fn dispatch(&self, job: RequestJob) -> Result<(), PoolError> {
    self
      .isolate
      .jobs()
      .send(job)
      .await
      .map_err(|_| PoolError::Unavailable("the isolate has stopped".to_owned()))
  }
}
