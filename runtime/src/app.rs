//! An app: the route table of an `app/` folder, its compiled modules and
//! the isolate pool of each route.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::env::AppEnv;
use crate::error::Error;
use crate::isolate::{
  IsolateBase, IsolateConfig, IsolateSpec, PoolError, PoolStats, RoutePool,
  Spare, Supervisor,
};
use crate::module::{ModuleCache, Resolver, file_url, preload};
use crate::prerender::PrerenderCache;
use crate::routes::RouteTable;
use crate::segment::SegmentConfig;

/// The HTTP methods a route module may export, in Next.js's order.
pub const HANDLER_METHODS: [&str; 7] =
  ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];

/// One route handler file and where it is served.
#[derive(Debug)]
pub struct Route {
  /// URL pattern, e.g. `/blog/[...slug]`.
  pub pattern: String,
  /// The `route.ts` file.
  pub file: PathBuf,
  /// Handler methods the file exports, read from its source at load
  /// (`None` when it re-exports with `export *`; the isolate then tells).
  pub declared_methods: Option<Vec<String>>,
  /// Exports Next.js ignores as handlers (lowercase method names,
  /// `default`).
  pub ignored_exports: Vec<String>,
  /// Segment config read from the module (`revalidate`, `dynamic`).
  pub segment: SegmentConfig,
  pub(crate) pool: RoutePool,
}

impl Route {
  /// What this route's isolate pool is doing.
  pub fn pool_stats(&self) -> PoolStats {
    self.pool.stats()
  }
}

/// A loaded `app/` folder, ready to serve.
#[derive(Debug)]
pub struct App {
  app_dir: PathBuf,
  table: RouteTable,
  routes: Vec<Route>,
  cache: Arc<ModuleCache>,
  prerendered: Arc<PrerenderCache>,
  supervisor: Arc<Supervisor>,
  env: Arc<AppEnv>,
}

impl App {
  /// Loads the app in `dir` (the folder that holds `app/`, or `app/`
  /// itself): scans routes, rejects conflicts Next.js rejects, and compiles
  /// every route module and everything it imports (app files and
  /// packages). `process.env` is this process's environment plus the
  /// project's `.env*` files.
  pub fn load(dir: impl AsRef<Path>) -> Result<App, Error> {
    Self::load_with(dir, &IsolateConfig::default())
  }

  /// Like [`App::load`], with pool sizes and limits of its own.
  pub fn load_with(
    dir: impl AsRef<Path>,
    config: &IsolateConfig,
  ) -> Result<App, Error> {
    Self::load_with_env(dir, config, std::env::vars().collect())
  }

  /// Like [`App::load_with`], with `env` standing for the process
  /// environment (it still wins over `.env*` files).
  pub fn load_with_env(
    dir: impl AsRef<Path>,
    config: &IsolateConfig,
    env: HashMap<String, String>,
  ) -> Result<App, Error> {
    let supervisor = Supervisor::start(config.max_isolates, config.max_memory)?;
    let app_dir = find_app_dir(dir.as_ref())?;
    let root = project_root(&app_dir);
    let env = Arc::new(AppEnv::load(&root, env)?);
    // Pages take part in conflicts and priority (they are not served).
    let table = RouteTable::from_app_dir(&app_dir)?;
    let cache = Arc::new(ModuleCache::with_resolver(Resolver::new(&root)?));
    let prerendered = Arc::new(PrerenderCache::default());
    let base = IsolateBase {
      cache: cache.clone(),
      preview_mode_id: preview_mode_id(),
      revalidator: edgeroute_next::RevalidatorHandle(prerendered.clone()),
      env: env.clone(),
    };
    let spare = Arc::new(Spare::new(base.clone(), config.limits, config.spare));
    let mut routes = Vec::with_capacity(table.routes().len());
    for file in table.routes() {
      preload(&cache, &file.file, &root)?;
      let module = cache.get_or_load(&file.file)?;
      let (declared_methods, ignored_exports) = match &module.exports {
        Some(exports) => classify_exports(exports),
        None => (None, Vec::new()),
      };
      for name in &ignored_exports {
        tracing::warn!(
          "{}: export '{name}' is ignored: route handlers are exported as GET, HEAD, POST, PUT, DELETE, PATCH or OPTIONS",
          file.file.display()
        );
      }
      let segment = SegmentConfig::from_literals(&module.literals);
      let (pool, limits) =
        config.for_route(&file.pattern, segment.max_duration);
      let spec = IsolateSpec {
        name: file.pattern.clone(),
        specifier: file_url(&file.file)?.to_string(),
        base: base.clone(),
        limits,
      };
      routes.push(Route {
        pattern: file.pattern.clone(),
        file: file.file.clone(),
        declared_methods,
        ignored_exports,
        segment,
        pool: RoutePool::new(spec, pool, supervisor.clone(), spare.clone()),
      });
    }
    Ok(App {
      app_dir,
      table,
      routes,
      cache,
      prerendered,
      supervisor,
      env,
    })
  }

  /// Starts each route's first isolates now rather than on its first
  /// request (`--prewarm`).
  pub async fn prewarm(&self) -> Result<(), PoolError> {
    let starts = self.routes.iter().map(|route| route.pool.prewarm());
    for result in futures::future::join_all(starts).await {
      result?;
    }
    Ok(())
  }

  /// Pool state of every route, by pattern.
  pub fn pool_stats(&self) -> Vec<(String, PoolStats)> {
    self
      .routes
      .iter()
      .map(|route| (route.pattern.clone(), route.pool.stats()))
      .collect()
  }

  /// Live isolates across all routes.
  pub fn live_isolates(&self) -> usize {
    self.supervisor.live()
  }

  /// The environment route code sees as `process.env`.
  pub fn env(&self) -> &AppEnv {
    &self.env
  }

  /// The `app/` folder being served.
  pub fn app_dir(&self) -> &Path {
    &self.app_dir
  }

  /// The routes, sorted by pattern.
  pub fn routes(&self) -> &[Route] {
    &self.routes
  }

  /// How many modules were compiled (routes and what they import).
  pub fn module_count(&self) -> usize {
    self.cache.len()
  }

  pub(crate) fn prerendered(&self) -> &PrerenderCache {
    &self.prerendered
  }

  pub(crate) fn table(&self) -> &RouteTable {
    &self.table
  }

  /// A printable table: pattern, methods, file (relative to `app/`).
  pub fn route_table(&self) -> String {
    let rows: Vec<(String, String, String)> = self
      .routes
      .iter()
      .map(|route| {
        let methods = match &route.declared_methods {
          Some(methods) if methods.is_empty() => "(none)".to_owned(),
          Some(methods) => methods.join(" "),
          None => "(export *)".to_owned(),
        };
        let file = route
          .file
          .strip_prefix(&self.app_dir)
          .unwrap_or(&route.file)
          .display()
          .to_string();
        (route.pattern.clone(), methods, format!("app/{file}"))
      })
      .collect();
    let width = |f: fn(&(String, String, String)) -> usize, title: usize| {
      rows.iter().map(f).max().unwrap_or(0).max(title)
    };
    let w0 = width(|r| r.0.chars().count(), 5);
    let w1 = width(|r| r.1.chars().count(), 7);
    let mut out = format!("{:<w0$}  {:<w1$}  FILE\n", "ROUTE", "METHODS");
    for (pattern, methods, file) in rows {
      out.push_str(&format!("{pattern:<w0$}  {methods:<w1$}  {file}\n"));
    }
    out
  }
}

/// A random id for draft mode's bypass cookie, new for every process.
fn preview_mode_id() -> Arc<str> {
  let mut bytes = [0u8; 16];
  if getrandom::fill(&mut bytes).is_err() {
    // No OS randomness: draft mode still works, the id is just guessable.
    let nanos = std::time::SystemTime::now()
      .duration_since(std::time::UNIX_EPOCH)
      .map(|d| d.as_nanos())
      .unwrap_or_default();
    bytes = nanos.to_le_bytes();
  }
  bytes
    .iter()
    .map(|b| format!("{b:02x}"))
    .collect::<String>()
    .into()
}

/// The project folder (where `package.json`, `tsconfig.json` and `.env`
/// files live): the parent of `app/`, or of `src/` for `src/app/`.
fn project_root(app_dir: &Path) -> PathBuf {
  let parent = app_dir.parent().unwrap_or(app_dir);
  if parent.file_name().is_some_and(|n| n == "src")
    && app_dir.file_name().is_some_and(|n| n == "app")
  {
    return parent.parent().unwrap_or(parent).to_path_buf();
  }
  parent.to_path_buf()
}

fn find_app_dir(dir: &Path) -> Result<PathBuf, Error> {
  let dir = std::fs::canonicalize(dir)
    .map_err(|_| Error::NoAppDir(dir.to_path_buf()))?;
  let nested = dir.join("app");
  if nested.is_dir() {
    return Ok(nested);
  }
  // `src/app/` as Next.js allows.
  let src = dir.join("src").join("app");
  if src.is_dir() {
    return Ok(src);
  }
  if dir.file_name().is_some_and(|n| n == "app") && dir.is_dir() {
    return Ok(dir);
  }
  Err(Error::NoAppDir(dir))
}

/// Splits export names into handler methods (in Next.js's order) and
/// names that look like handlers but are ignored.
fn classify_exports(exports: &[String]) -> (Option<Vec<String>>, Vec<String>) {
  let methods = HANDLER_METHODS
    .iter()
    .filter(|m| exports.iter().any(|e| e == *m))
    .map(|m| (*m).to_owned())
    .collect();
  let ignored = exports
    .iter()
    .filter(|e| {
      *e == "default"
        || (!HANDLER_METHODS.contains(&e.as_str())
          && HANDLER_METHODS.contains(&e.to_ascii_uppercase().as_str()))
    })
    .cloned()
    .collect();
  (Some(methods), ignored)
}
