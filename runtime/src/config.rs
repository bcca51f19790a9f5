//! An app's settings: the isolates' (pool sizes, CPU and heap limits, from
//! `edgeroute_isolate`) and the per-request wall clock, app-wide and per
//! route.

use std::collections::HashMap;
use std::time::Duration;

use edgeroute_isolate::{IsolateConfig, IsolateLimits, PoolConfig};

/// The default wall-clock limit of a request: 300 s, as Vercel's default
/// `maxDuration`.
pub const DEFAULT_WALL_LIMIT: Duration = Duration::from_secs(300);

/// Settings for an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
  /// Isolate pools and limits, app-wide.
  pub isolates: IsolateConfig,
  /// Longest a request may wait for its handler's Response: default
  /// 300 s; a route's `maxDuration` overrides it. Breach: 504, and the
  /// isolate is retired (it ends once its other requests are answered).
  pub wall: Duration,
  /// Most bytes the stored answers of prerendered GET handlers may hold
  /// (default 50 MB, Next.js's `cacheMaxMemorySize`); the least recently
  /// used go first. Counted in `isolates.max_memory`.
  pub prerender_bytes: usize,
  /// Per-route settings, by pattern (`/api/users/[id]`).
  pub routes: HashMap<String, RouteOverride>,
  /// What Node.js routes may do beyond reading the project, the network
  /// and the environment (`--allow-write`, `--allow-run`, ...).
  pub sandbox: edgeroute_isolate::Sandbox,
  /// The path an embedding router mounts the app under and strips before
  /// calling it (axum's `nest_service("/api", ..)`), e.g. `/api`; empty
  /// (the default) for none. It works as a `basePath` in front of
  /// next.config's, as Next.js honours one. See
  /// [`AppService`](crate::AppService).
  pub mount: String,
  /// Where `unstable_cache` entries and tag invalidations are kept behind
  /// memory (`--cache`).
  pub cache: CacheBackend,
}

/// Where the data cache (`unstable_cache`, `revalidateTag`,
/// `revalidatePath`) keeps entries and tag marks behind its memory layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheBackend {
  /// `.edgeroute/cache` under the project (made on the first write):
  /// entries and invalidations survive a restart. The default.
  #[default]
  Disk,
  /// Memory alone: lost when the process ends.
  Memory,
  /// Redis at this URL (`redis://host:port/db`), shared by every instance
  /// pointed at it: an entry one stores, the others read; an invalidation
  /// one makes, every instance applies at once.
  Redis(String),
}

impl Default for AppConfig {
  fn default() -> Self {
    Self {
      isolates: IsolateConfig::default(),
      wall: DEFAULT_WALL_LIMIT,
      prerender_bytes: crate::prerender::DEFAULT_PRERENDER_BYTES,
      routes: HashMap::new(),
      sandbox: edgeroute_isolate::Sandbox::default(),
      mount: String::new(),
      cache: CacheBackend::Disk,
    }
  }
}

/// A route's settings where they differ from the app's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteOverride {
  /// Pool settings for this route.
  pub pool: Option<PoolConfig>,
  /// Isolate limits for this route (its isolates boot on their own, not
  /// from the app's spare, when these differ from the app's).
  pub limits: Option<IsolateLimits>,
  /// Wall-clock limit for this route's requests (wins over
  /// `maxDuration`).
  pub wall: Option<Duration>,
}

/// What one route gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RouteSettings {
  pub pool: PoolConfig,
  pub limits: IsolateLimits,
  pub wall: Duration,
}

impl AppConfig {
  /// Sets [`AppConfig::mount`]: `/api` for an app nested at `/api`.
  pub fn mounted_at(mut self, prefix: &str) -> Self {
    self.mount = prefix.trim_end_matches('/').to_owned();
    self
  }

  /// Overrides the settings of the route with this pattern.
  pub fn route(mut self, pattern: &str, settings: RouteOverride) -> Self {
    self.routes.insert(pattern.to_owned(), settings);
    self
  }

  /// The settings of a route; `max_duration` (seconds, from the segment
  /// config) sets the wall clock unless the route's override does.
  pub(crate) fn for_route(
    &self,
    pattern: &str,
    max_duration: Option<u64>,
  ) -> RouteSettings {
    let own = self.routes.get(pattern).copied().unwrap_or_default();
    let wall = own
      .wall
      .or(max_duration.map(Duration::from_secs))
      .unwrap_or(self.wall);
    RouteSettings {
      pool: own.pool.unwrap_or(self.isolates.pool),
      limits: own.limits.unwrap_or(self.isolates.limits),
      wall,
    }
  }
}
