//! An app: what was loaded from a project folder (its [`Version`]: the
//! route table, compiled modules, next.config, proxy, public files and the
//! isolate pool of each route), and the handle that outlives reloads.
//!
//! [`App::reload`] loads the folder again. When that succeeds the new
//! version takes every request that starts from then on; requests already
//! running hold the old version (an `Arc`) and finish on its isolates,
//! which end once the last of them is done. When it fails, the old version
//! goes on serving. Both versions' isolates count under the same caps
//! (one [`Supervisor`]).

mod caches;
mod load;
mod table;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use edgeroute_isolate::{PoolError, PoolStats, Supervisor};

use crate::config::AppConfig;
use crate::error::Error;
use crate::http::upstream::Upstream;
use crate::metrics::Metrics;
pub use load::Route;
pub(crate) use load::Version;

/// A loaded `app/` folder, ready to serve; reloadable in place.
#[derive(Debug)]
pub struct App {
  /// The folder given to [`App::load`], as given (reloads read it again).
  dir: PathBuf,
  config: AppConfig,
  /// The process environment the app was loaded with.
  env: HashMap<String, String>,
  supervisor: Arc<Supervisor>,
  mount: String,
  upstream: Upstream,
  current: ArcSwap<Version>,
  /// One reload at a time.
  reloading: Mutex<()>,
  reloads: AtomicU64,
  metrics: Arc<Metrics>,
  /// The data cache, kept across reloads.
  data_cache: Arc<edgeroute_cache::Cache>,
  /// The core threads (`--threads per-core`), kept across reloads.
  cores: Option<Arc<edgeroute_isolate::Cores>>,
}

impl App {
  /// Loads the app in `dir` (the folder that holds `app/`, or `app/`
  /// itself): scans routes, rejects conflicts Next.js rejects, and compiles
  /// every route module and everything it imports (app files and
  /// packages). `process.env` is this process's environment plus the
  /// project's `.env*` files.
  pub fn load(dir: impl AsRef<Path>) -> Result<App, Error> {
    Self::load_with(dir, &AppConfig::default())
  }

  /// Like [`App::load`], with pool sizes and limits of its own.
  pub fn load_with(
    dir: impl AsRef<Path>,
    config: &AppConfig,
  ) -> Result<App, Error> {
    Self::load_with_env(dir, config, std::env::vars().collect())
  }

  /// Like [`App::load_with`], with `env` standing for the process
  /// environment (it still wins over `.env*` files).
  pub fn load_with_env(
    dir: impl AsRef<Path>,
    config: &AppConfig,
    env: HashMap<String, String>,
  ) -> Result<App, Error> {
    let isolates = &config.isolates;
    let supervisor =
      Supervisor::start(isolates.max_isolates, isolates.max_memory)?;
    let mount = load::mount_prefix(&config.mount)?;
    let data_cache = caches::open_data_cache(dir.as_ref(), config)?;
    let cores = match isolates.threads {
      edgeroute_isolate::Threads::PerIsolate => None,
      edgeroute_isolate::Threads::PerCore => {
        let count = std::thread::available_parallelism().map_or(1, |n| n.get());
        Some(edgeroute_isolate::Cores::start(count)?)
      }
    };
    let version = Version::load(
      dir.as_ref(),
      config,
      &env,
      &mount,
      &supervisor,
      &data_cache,
      cores.as_ref(),
    )?;
    let app = App {
      dir: dir.as_ref().to_path_buf(),
      config: config.clone(),
      env,
      supervisor,
      mount,
      upstream: Upstream::new()?,
      current: ArcSwap::from_pointee(version),
      reloading: Mutex::new(()),
      reloads: AtomicU64::new(0),
      metrics: Arc::new(Metrics::new()),
      data_cache,
      cores,
    };
    app.start_build();
    Ok(app)
  }

  /// Runs the build step of the version serving now, as `next build`
  /// does before `next start`: every prerendered GET rendered and stored
  /// (a dynamic route's for each path its `generateStaticParams()`
  /// lists), so their first requests are HITs. Each route builds once per
  /// version: this waits for builds already running. The app starts it in
  /// the background when it loads (within a tokio runtime), when a server
  /// starts serving it and after each reload; a request for a prerendered
  /// route waits for its own route's build.
  pub async fn build(&self) {
    crate::http::build_all(self.metrics.clone(), self.current()).await;
  }

  /// [`App::build`] in the background, when called within a tokio
  /// runtime.
  pub(crate) fn start_build(&self) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
      runtime
        .spawn(crate::http::build_all(self.metrics.clone(), self.current()));
    }
  }

  /// Loads the folder again (routes, modules, next.config, the proxy,
  /// public files, `.env*`), with the same settings and process
  /// environment. On success, requests from now on go to the new version
  /// and those in flight finish on the old one, whose isolates then end;
  /// on failure the old version keeps serving and the error is returned.
  /// Blocks while it compiles: call it off the async threads
  /// (`tokio::task::spawn_blocking`).
  pub fn reload(&self) -> Result<(), Error> {
    let _one_at_a_time = self
      .reloading
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner());
    let version = Version::load(
      &self.dir,
      &self.config,
      &self.env,
      &self.mount,
      &self.supervisor,
      &self.data_cache,
      self.cores.as_ref(),
    )?;
    self.current.store(Arc::new(version));
    self.reloads.fetch_add(1, Ordering::Relaxed);
    self.start_build();
    Ok(())
  }

  /// How many reloads succeeded since the app was loaded.
  pub fn reloads(&self) -> u64 {
    self.reloads.load(Ordering::Relaxed)
  }

  /// The version serving now.
  pub(crate) fn current(&self) -> Arc<Version> {
    self.current.load_full()
  }

  /// Starts each route's first isolates now rather than on its first
  /// request (`--prewarm`).
  pub async fn prewarm(&self) -> Result<(), PoolError> {
    let version = self.current();
    let starts = version.routes().iter().map(|route| route.pool.prewarm());
    for result in futures::future::join_all(starts).await {
      result?;
    }
    Ok(())
  }

  /// Pool state of every route, by pattern.
  pub fn pool_stats(&self) -> Vec<(String, PoolStats)> {
    self
      .current()
      .routes()
      .iter()
      .map(|route| (route.pattern.clone(), route.pool.stats()))
      .collect()
  }

  /// Live isolates across all routes (and those of versions replaced by a
  /// reload that are still finishing their requests).
  pub fn live_isolates(&self) -> usize {
    self.supervisor.live()
  }

  /// The routes, sorted by pattern.
  pub fn routes(&self) -> Vec<Arc<Route>> {
    self.current().routes().to_vec()
  }

  /// How many modules were compiled (routes and what they import).
  pub fn module_count(&self) -> usize {
    self.current().module_count()
  }

  /// Bytes held by the stored answers of prerendered GET handlers.
  pub fn prerendered_bytes(&self) -> usize {
    self.current().prerendered().bytes()
  }

  /// What was loaded besides the routes: next.config (file, rule counts,
  /// basePath), the proxy and its matcher, the number of public files.
  pub fn front_summary(&self) -> String {
    self.current().front_summary()
  }

  /// A printable table: pattern, methods, runtime, file (relative to `app/`).
  pub fn route_table(&self) -> String {
    table::route_table(&self.current())
  }

  /// What the app's requests, isolates and connections have done so far.
  pub fn metrics(&self) -> &Metrics {
    &self.metrics
  }

  /// The Prometheus text exposition of [`App::metrics`], with the routes'
  /// pools and the process's memory as they are now (what `--metrics`
  /// serves).
  pub fn metrics_text(&self) -> String {
    self.metrics.render(self.pool_stats())
  }

  pub(crate) fn cores(&self) -> Option<&Arc<edgeroute_isolate::Cores>> {
    self.cores.as_ref()
  }

  pub(crate) fn metrics_handle(&self) -> &Arc<Metrics> {
    &self.metrics
  }

  /// The prefix an embedding router strips ([`AppConfig::mount`]).
  pub(crate) fn mount(&self) -> &str {
    &self.mount
  }

  /// The client external rewrites go through.
  pub(crate) fn upstream(&self) -> &Upstream {
    &self.upstream
  }
}
