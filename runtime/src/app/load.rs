//! Loading one version of an app: the route table of an `app/` folder,
//! its compiled modules, what is in front of the routes, and the isolate
//! pool of each route.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use edgeroute_isolate::{
  IsolateBase, IsolateFactory, IsolateSpec, RoutePool, Supervisor,
};
use edgeroute_modules::{ModuleCache, Resolver, file_url, preload};
use edgeroute_routes::methods::{Exports, classify_exports};
use edgeroute_routes::{RouteFile, RouteTable};

use crate::config::AppConfig;
use crate::env::AppEnv;
use crate::error::Error;
use crate::front::Front;
use crate::next_config::LoadedConfig;
use crate::prerender::PrerenderCache;
use crate::segment_config::SegmentConfig;
use edgeroute_public::PublicDir;
use edgeroute_rules::Rules;

/// One route handler file and where it is served.
#[derive(Debug)]
pub struct Route {
  /// URL pattern, e.g. `/blog/[...slug]`.
  pub pattern: String,
  /// The `route.ts` file.
  pub file: PathBuf,
  /// Whether the pattern takes parameters (handlers then get `params`).
  pub dynamic: bool,
  /// The handlers the file exports, read from its source at load (`None`
  /// when it re-exports with `export *`; the isolate then tells). For the
  /// route table and warnings: requests go by what the isolate reports.
  pub declared: Option<Exports>,
  /// Segment config read from the module (`revalidate`, `dynamic`,
  /// `maxDuration`).
  pub segment: SegmentConfig,
  /// The wall-clock limit of this route's requests.
  pub wall: Duration,
  pub(crate) pool: RoutePool,
  /// The pattern, shared by the metrics' labels.
  pub(crate) name: Arc<str>,
  /// Set once a prerender of its GET did what makes a route dynamic in
  /// Next.js (an uncached fetch under `revalidate = N`): its GET then runs
  /// per request, as `next build` would have decided.
  pub(crate) turned_dynamic: std::sync::atomic::AtomicBool,
  /// The build step's outcome for this route, once it ran
  /// (runtime/src/http/build.rs).
  pub(crate) built: tokio::sync::OnceCell<crate::prerender::Built>,
}

impl Route {
  /// Whether a prerender found the route dynamic.
  pub(crate) fn is_turned_dynamic(&self) -> bool {
    self
      .turned_dynamic
      .load(std::sync::atomic::Ordering::Acquire)
  }
}

/// What one load of the project folder made: everything a request needs
/// that a reload replaces.
#[derive(Debug)]
pub(crate) struct Version {
  app_dir: PathBuf,
  table: RouteTable<Arc<Route>>,
  cache: Arc<ModuleCache>,
  prerendered: Arc<PrerenderCache>,
  root: PathBuf,
  front: Front,
  /// The app's data cache (kept across versions): its tag invalidations
  /// reach stored answers too.
  data_cache: Arc<edgeroute_cache::Cache>,
  /// The value of draft mode's cookie in this version.
  preview_mode_id: Arc<str>,
  /// Set once the build step of every prerendered route ran
  /// (runtime/src/http/build.rs).
  pub(crate) built: tokio::sync::OnceCell<()>,
}

impl Version {
  /// Loads the app in `dir` under `supervisor`'s caps, `mount` (checked)
  /// in front of next.config's basePath.
  pub(crate) fn load(
    dir: &Path,
    config: &AppConfig,
    env: &HashMap<String, String>,
    mount: &str,
    supervisor: &Arc<Supervisor>,
    data_cache: &Arc<edgeroute_cache::Cache>,
    cores: Option<&Arc<edgeroute_isolate::Cores>>,
  ) -> Result<Version, Error> {
    let isolates = &config.isolates;
    let app_dir = find_app_dir(dir)?;
    let root = project_root(&app_dir);
    let env = AppEnv::load(&root, env.clone())?;
    config.sandbox.check(&root).map_err(Error::Sandbox)?;
    let sandbox = Arc::new(config.sandbox.clone());
    let mut loaded = load_next_config(&root, &env, &sandbox)?;
    if !mount.is_empty() {
      // Mounted under a prefix, the app answers as if its basePath began
      // with it: the rules, the proxy's matcher and nextUrl all see one.
      loaded.config.base_path = format!("{mount}{}", loaded.config.base_path);
    }
    let rules = Rules::new(&loaded.config).map_err(|error| Error::Config {
      file: loaded.file.clone().unwrap_or_else(|| root.clone()),
      message: error.to_string(),
    })?;
    // Pages take part in conflicts and priority (they are not served).
    let table = RouteTable::from_app_dir(&app_dir)?;
    let resolver = Resolver::new(&root, edgeroute_isolate::builtins())?;
    // next.config's `env` is inlined where code reads `process.env.NAME`,
    // as `next build` inlines it (it is not in `process.env` itself).
    let cache = Arc::new(ModuleCache::with_defines(
      resolver,
      loaded.config.env.iter().cloned(),
    ));
    // next.config's `cacheMaxMemorySize` bounds the stored answers, as it
    // bounds Next's in-memory cache.
    let stored_bytes = loaded
      .config
      .cache_max_memory_size
      .and_then(|bytes| usize::try_from(bytes).ok())
      .unwrap_or(config.prerender_bytes);
    let cache_handlers = super::caches::handler_modules(&root, &loaded)?;
    let prerendered =
      Arc::new(PrerenderCache::new(stored_bytes, Some(supervisor.clone())));
    // Whether any route runs on Node.js, known before the first spare
    // boots: it decides how many spares the app keeps and whether they
    // warm the Node layer. (A route file that does not load counts as
    // Node.js here; load_route reports it.)
    let any_node = crate::proxy::exists(&app_dir)
      || table.routes().iter().any(|file| {
        cache.get_or_load(&file.file).map_or(true, |module| {
          SegmentConfig::from_literals(&module.transpiled.literals).runtime
            == edgeroute_isolate::Runtime::NodeJs
        })
      });
    let preview_mode_id = preview_mode_id();
    let base = IsolateBase {
      cache: cache.clone(),
      preview_mode_id: preview_mode_id.clone(),
      revalidator: edgeroute_next::RevalidatorHandle(prerendered.clone()),
      data_cache: Some(edgeroute_next::DataCacheHandle(data_cache.clone())),
      cache_config: edgeroute_next::CacheConfig::new(
        loaded.config.cache_components,
        &loaded.config.cache_life,
        &cache_handlers,
      ),
      env: edgeroute_node::ProcessEnv(Arc::new(env.vars)),
      root: root.clone(),
      sandbox,
      node_routes: any_node,
    };
    let mut factory = IsolateFactory::new(
      base,
      isolates.limits,
      isolates.spare,
      supervisor.clone(),
    );
    if let Some(cores) = cores {
      factory = factory.with_cores(cores.clone());
    }
    let factory = Arc::new(factory);
    let table = table.try_map(|file| {
      let cache_components = loaded.config.cache_components;
      load_route(
        file,
        &cache,
        &root,
        config,
        cache_components,
        supervisor,
        &factory,
      )
      .map(Arc::new)
    })?;
    let proxy = crate::proxy::load(
      &app_dir,
      &root,
      &loaded.config.base_path,
      &cache,
      config,
      supervisor,
      &factory,
    )?;
    let public =
      PublicDir::scan(&root.join("public")).map_err(|error| Error::Config {
        file: root.join("public"),
        message: error.to_string(),
      })?;
    let front = Front {
      config_file: loaded.file,
      config: loaded.config,
      rules,
      public,
      proxy,
    };
    Ok(Version {
      app_dir,
      table,
      cache,
      prerendered,
      root,
      front,
      built: tokio::sync::OnceCell::new(),
      data_cache: data_cache.clone(),
      preview_mode_id,
    })
  }

  /// The routes, sorted by pattern.
  pub(crate) fn routes(&self) -> &[Arc<Route>] {
    self.table.routes()
  }

  /// How many modules were compiled (routes and what they import).
  pub(crate) fn module_count(&self) -> usize {
    self.cache.len()
  }

  /// The app's data cache.
  pub(crate) fn data_cache(&self) -> &edgeroute_cache::Cache {
    &self.data_cache
  }

  /// The value of draft mode's cookie (`draftMode().enable()`).
  pub(crate) fn preview_mode_id(&self) -> &str {
    &self.preview_mode_id
  }

  pub(crate) fn prerendered(&self) -> &PrerenderCache {
    &self.prerendered
  }

  pub(crate) fn table(&self) -> &RouteTable<Arc<Route>> {
    &self.table
  }

  pub(crate) fn front(&self) -> &Front {
    &self.front
  }

  /// The `app/` folder.
  pub(crate) fn app_dir(&self) -> &Path {
    &self.app_dir
  }

  /// What was loaded besides the routes.
  pub(crate) fn front_summary(&self) -> String {
    self.front.summary(&self.root)
  }
}

/// Evaluates next.config in a throwaway isolate with the app's own module
/// scope, environment and sandbox (its module cache is its own).
fn load_next_config(
  root: &Path,
  env: &AppEnv,
  sandbox: &Arc<edgeroute_isolate::Sandbox>,
) -> Result<LoadedConfig, Error> {
  match crate::next_config::find(root)? {
    None => Ok(LoadedConfig {
      file: None,
      config: edgeroute_rules::NextConfig::default(),
    }),
    Some(file) => {
      crate::next_config::evaluate(file, &throwaway_base(root, env, sandbox)?)
    }
  }
}

fn throwaway_base(
  root: &Path,
  env: &AppEnv,
  sandbox: &Arc<edgeroute_isolate::Sandbox>,
) -> Result<IsolateBase, Error> {
  let resolver = Resolver::new(root, edgeroute_isolate::builtins())?;
  Ok(IsolateBase {
    cache: Arc::new(ModuleCache::with_resolver(resolver)),
    preview_mode_id: preview_mode_id(),
    revalidator: edgeroute_next::RevalidatorHandle(Arc::new(
      PrerenderCache::new(0, None),
    )),
    data_cache: None,
    cache_config: Default::default(),
    env: edgeroute_node::ProcessEnv(Arc::new(env.vars.clone())),
    root: root.to_path_buf(),
    sandbox: sandbox.clone(),
    node_routes: true,
  })
}

/// [`AppConfig::mount`](crate::AppConfig::mount) checked: empty, or `/` and segments, without a
/// trailing slash.
pub(super) fn mount_prefix(mount: &str) -> Result<String, Error> {
  let mount = mount.trim_end_matches('/');
  if mount.is_empty() {
    return Ok(String::new());
  }
  let valid = mount.starts_with('/')
    && mount.parse::<http::uri::PathAndQuery>().is_ok()
    && !mount.contains(['?', '#'])
    && mount[1..]
      .split('/')
      .all(|s| !s.is_empty() && s != "." && s != "..");
  if valid {
    Ok(mount.to_owned())
  } else {
    Err(Error::Mount(mount.to_owned()))
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
pub(super) fn project_root(app_dir: &Path) -> PathBuf {
  let parent = app_dir.parent().unwrap_or(app_dir);
  if parent.file_name().is_some_and(|n| n == "src")
    && app_dir.file_name().is_some_and(|n| n == "app")
  {
    return parent.parent().unwrap_or(parent).to_path_buf();
  }
  parent.to_path_buf()
}

pub(super) fn find_app_dir(dir: &Path) -> Result<PathBuf, Error> {
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

/// Compiles one route's module (and what it imports) and gives the route
/// its pool.
fn load_route(
  file: RouteFile,
  cache: &ModuleCache,
  root: &Path,
  config: &AppConfig,
  cache_components: bool,
  supervisor: &Arc<Supervisor>,
  factory: &Arc<IsolateFactory>,
) -> Result<Route, Error> {
  let module = cache.get_or_load(&file.file)?;
  let literals = &module.transpiled.literals;
  let segment = if cache_components {
    SegmentConfig::with_cache_components(literals).map_err(|message| {
      Error::Config {
        file: file.file.clone(),
        message,
      }
    })?
  } else {
    SegmentConfig::from_literals(literals)
  };
  // An import of something this runtime lacks fails this route alone: its
  // requests get 500 with the same message; the app serves the rest.
  let unsupported = match preload(cache, &file.file, root, segment.runtime) {
    Ok(()) => None,
    Err(error) if error.is_route_local() => {
      tracing::error!(
        "{} ({}) will answer 500: {error}",
        file.pattern,
        file.file.display()
      );
      Some(error.to_string())
    }
    Err(error) => return Err(error.into()),
  };
  let transpiled = &module.transpiled;
  // Read from source, every export counts as callable; `export *` hides
  // what the isolate will see.
  let declared = transpiled.exports.as_ref().map(|names| {
    classify_exports(names.iter().map(|name| (name.as_str(), true)))
  });
  for name in declared.iter().flat_map(|found| &found.ignored) {
    tracing::warn!(
      "{}: export '{name}' is ignored: route handlers are exported as GET, HEAD, POST, PUT, DELETE, PATCH or OPTIONS",
      file.file.display()
    );
  }
  let settings = config.for_route(&file.pattern, segment.max_duration);
  let spec = IsolateSpec {
    name: file.pattern.clone(),
    specifier: file_url(&file.file)?.to_string(),
    runtime: segment.runtime,
    base: factory.base().clone(),
    limits: settings.limits,
  };
  let pool =
    RoutePool::new(spec, settings.pool, supervisor.clone(), factory.clone());
  if let Some(message) = unsupported {
    pool.fail_to_load(message);
  }
  Ok(Route {
    name: Arc::from(file.pattern.as_str()),
    dynamic: file.is_dynamic(),
    pattern: file.pattern,
    file: file.file,
    declared,
    segment,
    wall: settings.wall,
    pool,
    turned_dynamic: std::sync::atomic::AtomicBool::new(false),
    built: tokio::sync::OnceCell::new(),
  })
}
