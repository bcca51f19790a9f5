//! How many isolates a route gets and what each may spend. Defaults are
//! documented on each field; the library sets them per app
//! ([`IsolateConfig`]) and per route ([`IsolateConfig::route`]); the
//! `maxDuration` segment export sets a route's wall clock.

use std::collections::HashMap;
use std::time::Duration;

/// What one request, and one isolate, may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
  /// Longest JS may run without yielding to the event loop (a `while
  /// (true) {}` is stopped here): default 5 s. Breach: 500, the isolate is
  /// terminated and replaced.
  pub cpu: Duration,
  /// Longest a request may wait for its handler's Response: default
  /// 300 s, or the route's `maxDuration`. Breach: 504, the isolate is
  /// retired.
  pub wall: Duration,
  /// V8 heap per isolate, in bytes: default 128 MiB. Breach: 500, the
  /// isolate is terminated and replaced; the process never aborts.
  pub heap: usize,
}

impl Default for Limits {
  fn default() -> Self {
    Self {
      cpu: Duration::from_secs(5),
      wall: Duration::from_secs(300),
      heap: 128 << 20,
    }
  }
}

/// The isolates of one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
  /// Isolates kept even when idle (started by `--prewarm`): default 0.
  pub min: usize,
  /// Most isolates of one route: default one per core.
  pub max: usize,
  /// Requests one isolate serves at once (async handlers interleave):
  /// default 64.
  pub concurrency: usize,
  /// Requests that may wait for capacity: default 1024; beyond, 503.
  pub max_queue: usize,
  /// Longest a request waits for capacity before a 503 with
  /// `Retry-After`: default 10 s.
  pub queue_timeout: Duration,
  /// An isolate idle this long is retired (down to `min`): default 60 s.
  pub idle_ttl: Duration,
}

impl Default for PoolConfig {
  fn default() -> Self {
    Self {
      min: 0,
      max: std::thread::available_parallelism().map_or(2, |n| n.get()),
      concurrency: 64,
      max_queue: 1024,
      queue_timeout: Duration::from_secs(10),
      idle_ttl: Duration::from_secs(60),
    }
  }
}

/// A route's settings where they differ from the app's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteOverride {
  /// Pool settings for this route.
  pub pool: Option<PoolConfig>,
  /// Limits for this route.
  pub limits: Option<Limits>,
}

/// Isolate settings for an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsolateConfig {
  /// Every route's pool, unless overridden.
  pub pool: PoolConfig,
  /// Every route's limits, unless overridden.
  pub limits: Limits,
  /// Most isolates across all routes: default 256. At the cap, the least
  /// recently used idle isolate of any route makes room.
  pub max_isolates: usize,
  /// Most V8 heap across all isolates, in bytes: default 2 GiB; above it,
  /// least recently used idle isolates are retired.
  pub max_memory: usize,
  /// Start `max(min, 1)` isolates per route at startup: default off.
  pub prewarm: bool,
  /// Keep one isolate booted from the snapshot ahead of need, so a route's
  /// new isolate only loads its module: default on. Used by routes held
  /// to the app's CPU and heap limits. The spare is not counted against
  /// `max_isolates` / `max_memory` until a route takes it.
  pub spare: bool,
  /// Per-route settings, by pattern (`/api/users/[id]`).
  pub routes: HashMap<String, RouteOverride>,
}

impl Default for IsolateConfig {
  fn default() -> Self {
    Self {
      pool: PoolConfig::default(),
      limits: Limits::default(),
      max_isolates: 256,
      max_memory: 2 << 30,
      prewarm: false,
      spare: true,
      routes: HashMap::new(),
    }
  }
}

impl IsolateConfig {
  /// Overrides the settings of the route with this pattern.
  pub fn route(mut self, pattern: &str, settings: RouteOverride) -> Self {
    self.routes.insert(pattern.to_owned(), settings);
    self
  }

  /// The pool and limits of a route; `max_duration` (seconds, from the
  /// segment config) sets the wall clock unless the override does.
  pub(crate) fn for_route(
    &self,
    pattern: &str,
    max_duration: Option<u64>,
  ) -> (PoolConfig, Limits) {
    let own = self.routes.get(pattern).copied().unwrap_or_default();
    let pool = own.pool.unwrap_or(self.pool);
    let mut limits = own.limits.unwrap_or(self.limits);
    if own.limits.is_none()
      && let Some(seconds) = max_duration
    {
      limits.wall = Duration::from_secs(seconds);
    }
    (pool, limits)
  }
}
