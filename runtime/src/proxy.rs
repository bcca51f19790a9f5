//! The app's proxy (`proxy.ts`, Next 16's name for `middleware.ts`): found
//! where Next.js looks for it, its `config.matcher` read from source as
//! Next.js reads it at build time, and an isolate pool of its own with the
//! limits routes have.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use edgeroute_isolate::{
  IsolateFactory, IsolateSpec, RoutePool, Runtime, Supervisor,
};
use edgeroute_modules::{Literal, ModuleCache, file_url, preload};
use edgeroute_rules::ProxyMatcher;

use crate::app::Route;
use crate::config::AppConfig;
use crate::error::Error;
use crate::segment_config::SegmentConfig;

/// The extensions Next.js looks for (its default `pageExtensions`).
const EXTENSIONS: &[&str] = &["tsx", "ts", "jsx", "js"];

/// The pattern the proxy's isolates are named by in logs and stats.
pub(crate) const PROXY_NAME: &str = "(proxy)";

/// The proxy, ready to be called.
#[derive(Debug)]
pub(crate) struct Proxy {
  /// Its file, pool and limits, as a route has them.
  pub route: Arc<Route>,
  /// The paths it runs on.
  pub matcher: ProxyMatcher,
  /// The export to call: `proxy` / `middleware`, or `default`.
  pub export: &'static str,
  /// `middleware.ts` rather than `proxy.ts`.
  pub is_middleware: bool,
}

/// Where the proxy file is: beside `app/` (so `src/proxy.ts` for
/// `src/app/`), `proxy.*` or else `middleware.*`; Next's error for both.
fn find(app_dir: &Path) -> Result<Option<(PathBuf, bool)>, Error> {
  let dir = app_dir.parent().unwrap_or(app_dir);
  let first = |name: &str| {
    EXTENSIONS
      .iter()
      .map(|ext| dir.join(format!("{name}.{ext}")))
      .find(|path| path.is_file())
  };
  match (first("proxy"), first("middleware")) {
    (Some(proxy), Some(middleware)) => Err(Error::Config {
      file: proxy.clone(),
      message: format!(
        "Both middleware file \"./{}\" and proxy file \"./{}\" are detected. Please use \"./{}\" only.",
        relative(dir, &middleware),
        relative(dir, &proxy),
        relative(dir, &proxy),
      ),
    }),
    (Some(proxy), None) => Ok(Some((proxy, false))),
    (None, Some(middleware)) => Ok(Some((middleware, true))),
    (None, None) => Ok(None),
  }
}

fn relative(dir: &Path, file: &Path) -> String {
  file.strip_prefix(dir).unwrap_or(file).display().to_string()
}

/// Whether the app has a proxy file.
pub(crate) fn exists(app_dir: &Path) -> bool {
  !matches!(find(app_dir), Ok(None))
}

/// Loads the app's proxy, if it has one: compiles it and what it imports,
/// reads `config`, and gives it a pool.
pub(crate) fn load(
  app_dir: &Path,
  root: &Path,
  base_path: &str,
  cache: &ModuleCache,
  config: &AppConfig,
  supervisor: &Arc<Supervisor>,
  factory: &Arc<IsolateFactory>,
) -> Result<Option<Proxy>, Error> {
  let Some((file, is_middleware)) = find(app_dir)? else {
    return Ok(None);
  };
  let name = if is_middleware { "middleware" } else { "proxy" };
  if is_middleware {
    tracing::warn!(
      "The \"middleware\" file convention is deprecated. Please use \"proxy\" instead.\n\n  To migrate automatically, run:\n  npx @next/codemod@canary middleware-to-proxy .\n\n  Learn more: https://nextjs.org/docs/messages/middleware-to-proxy"
    );
  }
  let module = cache.get_or_load(&file)?;
  let transpiled = &module.transpiled;
  let literal = transpiled
    .literals
    .iter()
    .find(|(key, _)| key == "config")
    .map(|(_, value)| value);
  let proxy_config = match literal {
    Some(Literal::Value(value)) => Some(value.clone()),
    _ => None,
  };
  // Next 16 runs proxy.ts on Node.js; middleware.ts on the edge unless
  // its config says `runtime: 'nodejs'`.
  let runtime = match proxy_config
    .as_ref()
    .and_then(|config| config.get("runtime"))
    .and_then(|runtime| runtime.as_str())
  {
    _ if !is_middleware => Runtime::NodeJs,
    Some("nodejs") => Runtime::NodeJs,
    _ => Runtime::Edge,
  };
  let matcher = ProxyMatcher::new(
    proxy_config
      .as_ref()
      .and_then(|config| config.get("matcher")),
    base_path,
  )
  .map_err(|error| Error::Config {
    file: file.clone(),
    message: error.to_string(),
  })?;
  let exports = transpiled.exports.clone().unwrap_or_default();
  let export: &'static str = if exports.iter().any(|e| e == name) {
    if is_middleware { "middleware" } else { "proxy" }
  } else if exports.iter().any(|e| e == "default")
    || transpiled.exports.is_none()
  {
    "default"
  } else {
    return Err(Error::Config {
      file: file.clone(),
      message: format!(
        "The file \"./{}\" must export a function, either as a default export or as a named \"{name}\" export.",
        relative(root, &file)
      ),
    });
  };
  preload(cache, &file, root, runtime)?;
  let settings = config.for_route(PROXY_NAME, None);
  let spec = IsolateSpec {
    name: PROXY_NAME.to_owned(),
    specifier: file_url(&file)?.to_string(),
    runtime,
    base: factory.base().clone(),
    limits: settings.limits,
  };
  let pool =
    RoutePool::new(spec, settings.pool, supervisor.clone(), factory.clone());
  let segment = SegmentConfig {
    runtime,
    ..SegmentConfig::default()
  };
  let route = Arc::new(Route {
    name: Arc::from(PROXY_NAME),
    pattern: PROXY_NAME.to_owned(),
    file,
    dynamic: false,
    declared: None,
    segment,
    wall: settings.wall,
    pool,
    turned_dynamic: std::sync::atomic::AtomicBool::new(false),
    built: tokio::sync::OnceCell::new(),
  });
  Ok(Some(Proxy {
    route,
    matcher,
    export,
    is_middleware,
  }))
}
