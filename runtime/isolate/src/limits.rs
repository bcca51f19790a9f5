//! What an isolate may spend, and how many isolates a route gets. These
//! are isolate-level settings, fixed when an isolate boots; per-request
//! limits (wall clock, body size) are the HTTP layer's, as workerd keeps
//! its isolate limit enforcer apart from its request one.

use std::time::Duration;

/// What one isolate may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsolateLimits {
  /// Most CPU time JS may use without yielding to the event loop (a
  /// `while (true) {}` is stopped here): default 5 s. Measured as the
  /// isolate thread's CPU time where the OS reports it per thread
  /// (Linux), else as wall time. Breach: the isolate is terminated and
  /// replaced; its requests get 500.
  pub cpu: Duration,
  /// V8 heap per isolate, in bytes, ArrayBuffer backing stores included
  /// (those are sampled every 100 ms between event-loop turns): default
  /// 128 MiB. Breach: the isolate is terminated and replaced; the process
  /// never aborts.
  pub heap: usize,
}

impl Default for IsolateLimits {
  fn default() -> Self {
    Self {
      cpu: Duration::from_secs(5),
      heap: 128 << 20,
    }
  }
}

/// The isolates of one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
  /// Isolates kept even when idle (started by `prewarm`): default 0.
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

/// App-wide isolate settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsolateConfig {
  /// Every route's pool, unless the route says otherwise.
  pub pool: PoolConfig,
  /// Every route's isolate limits, unless the route says otherwise.
  pub limits: IsolateLimits,
  /// Most isolates across all routes: default 256. At the cap, the least
  /// recently used idle isolate of any route makes room.
  pub max_isolates: usize,
  /// Most V8 heap across all isolates, in bytes: default 2 GiB; above it,
  /// least recently used idle isolates are retired.
  pub max_memory: usize,
  /// Keep one isolate booted from the snapshot ahead of need, so a route's
  /// new isolate only loads its module: default on. Used by routes held
  /// to the app's isolate limits. The spare is not counted against
  /// `max_isolates` / `max_memory` until a route takes it.
  pub spare: bool,
  /// Where requests run: default [`Threads::PerIsolate`].
  pub threads: Threads,
}

/// How HTTP and JS share the machine's threads (`--threads`). The
/// library's default is [`Threads::PerIsolate`], which fits an embedder's
/// own runtime (its requests never run on edgeroute's core threads);
/// `edgeroute serve` runs [`Threads::PerCore`] unless told otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Threads {
  /// Connections on a pool of tokio threads; every isolate on a thread of
  /// its own, reached over a channel.
  #[default]
  PerIsolate,
  /// One thread per core runs connections and isolates: a route that has
  /// shown short turns answers a request on the thread that read it.
  /// Routes that run long turns keep isolate threads of their own.
  PerCore,
}

impl Default for IsolateConfig {
  fn default() -> Self {
    Self {
      pool: PoolConfig::default(),
      limits: IsolateLimits::default(),
      max_isolates: 256,
      max_memory: 2 << 30,
      spare: true,
      threads: Threads::PerIsolate,
    }
  }
}
