//! next.config as the evaluator hands it over, read and checked as `next start` does.

use crate::error::ConfigError;
use serde_json::Value;

/// The next.config options that matter to route handlers, and the routing rules as given.
#[derive(Debug, Clone, PartialEq)]
pub struct NextConfig {
  /// `basePath`, "" when unset.
  pub base_path: String,
  /// `trailingSlash`.
  pub trailing_slash: bool,
  /// `skipTrailingSlashRedirect`.
  pub skip_trailing_slash_redirect: bool,
  /// `skipProxyUrlNormalize` (or the older `skipMiddlewareUrlNormalize`).
  pub skip_proxy_url_normalize: bool,
  /// `env`, in the order the JSON object lists it.
  pub env: Vec<(String, String)>,
  /// `compress` (default true).
  pub compress: bool,
  /// `poweredByHeader` (default true).
  pub powered_by_header: bool,
  /// `generateEtags` (default true).
  pub generate_etags: bool,
  /// `cacheHandler`.
  pub cache_handler: Option<String>,
  /// `cacheHandlers`: a module per `'use cache'` kind (`default`,
  /// `remote`, or a kind of the app's own), in the order given.
  pub cache_handlers: Vec<(String, String)>,
  /// `cacheMaxMemorySize`.
  pub cache_max_memory_size: Option<u64>,
  /// `cacheComponents`: `'use cache'`, `cacheLife()`, `cacheTag()`, and
  /// GET handlers prerendered unless they read the request.
  pub cache_components: bool,
  /// `cacheLife`: named profiles (`{ stale, revalidate, expire }`), as
  /// given; `revalidateTag(tag, name)` reads them.
  pub cache_life: serde_json::Map<String, Value>,
  /// `assetPrefix`, "" when unset (Next adds a beforeFiles rewrite of `<prefix>/_next/...`).
  pub asset_prefix: String,
  /// `experimental.caseSensitiveRoutes` (default false).
  pub case_sensitive_routes: bool,
  /// The awaited `headers()` rules, as JSON.
  pub headers: Vec<Value>,
  /// The awaited `redirects()` rules, as JSON.
  pub redirects: Vec<Value>,
  /// `rewrites().beforeFiles`.
  pub before_files: Vec<Value>,
  /// `rewrites().afterFiles` (or the plain array `rewrites()` returned).
  pub after_files: Vec<Value>,
  /// `rewrites().fallback`.
  pub fallback: Vec<Value>,
}

impl Default for NextConfig {
  fn default() -> Self {
    NextConfig {
      base_path: String::new(),
      trailing_slash: false,
      skip_trailing_slash_redirect: false,
      skip_proxy_url_normalize: false,
      env: Vec::new(),
      compress: true,
      powered_by_header: true,
      generate_etags: true,
      cache_handler: None,
      cache_handlers: Vec::new(),
      cache_max_memory_size: None,
      cache_components: false,
      cache_life: serde_json::Map::new(),
      asset_prefix: String::new(),
      case_sensitive_routes: false,
      headers: Vec::new(),
      redirects: Vec::new(),
      before_files: Vec::new(),
      after_files: Vec::new(),
      fallback: Vec::new(),
    }
  }
}

/// The top-level keys next@16.4.6's config schema knows (recorded from it).
const KNOWN_KEYS: &[&str] = &[
  "adapterPath",
  "agentRules",
  "allowedDevOrigins",
  "assetPrefix",
  "basePath",
  "bundlePagesRouterDependencies",
  "cacheComponents",
  "cacheHandler",
  "cacheHandlers",
  "cacheLife",
  "cacheMaxMemorySize",
  "cleanDistDir",
  "compiler",
  "compress",
  "configOrigin",
  "crossOrigin",
  "deprecated",
  "deploymentId",
  "supportsImmutableAssets",
  "outputHashSalt",
  "devIndicators",
  "distDir",
  "env",
  "enablePrerenderSourceMaps",
  "excludeDefaultMomentLocales",
  "experimental",
  "exportPathMap",
  "generateBuildId",
  "generateEtags",
  "headers",
  "htmlLimitedBots",
  "httpAgentOptions",
  "i18n",
  "images",
  "logging",
  "modularizeImports",
  "onDemandEntries",
  "output",
  "outputFileTracingRoot",
  "outputFileTracingExcludes",
  "outputFileTracingIncludes",
  "pageExtensions",
  "instrumentationClientInject",
  "partialPrefetching",
  "poweredByHeader",
  "productionBrowserSourceMaps",
  "reactCompiler",
  "reactProductionProfiling",
  "reactStrictMode",
  "reactMaxHeadersLength",
  "redirects",
  "rewrites",
  "sassOptions",
  "serverExternalPackages",
  "skipMiddlewareUrlNormalize",
  "skipProxyUrlNormalize",
  "skipTrailingSlashRedirect",
  "staticPageGenerationTimeout",
  "expireTime",
  "target",
  "trailingSlash",
  "transpilePackages",
  "turbopack",
  "typescript",
  "typedRoutes",
  "useFileSystemPublicRoutes",
  "webpack",
  "watchOptions",
];

fn opt_bool(
  obj: &serde_json::Map<String, Value>,
  key: &str,
  default: bool,
) -> Result<bool, ConfigError> {
  match obj.get(key) {
    None | Some(Value::Null) => Ok(default),
    Some(Value::Bool(b)) => Ok(*b),
    Some(other) => Err(ConfigError::option(
      key,
      format!("expected boolean, received {}", js_type(other)),
    )),
  }
}

fn js_type(v: &Value) -> &'static str {
  match v {
    Value::Null => "null",
    Value::Bool(_) => "boolean",
    Value::Number(_) => "number",
    Value::String(_) => "string",
    Value::Array(_) => "array",
    Value::Object(_) => "object",
  }
}

fn rule_list(v: Option<&Value>, name: &str) -> Result<Vec<Value>, ConfigError> {
  match v {
    None | Some(Value::Null) => Ok(Vec::new()),
    Some(Value::Array(a)) => Ok(a.clone()),
    Some(other) => Err(ConfigError::option(
      name,
      format!("{name} must return an array, received {}", js_type(other)),
    )),
  }
}

impl NextConfig {
  /// Reads the resolved config object and checks it as Next does. Unknown top-level keys come
  /// back as warnings in Next's wording; keys Next knows that do not apply here are accepted.
  pub fn from_json(
    value: &Value,
  ) -> Result<(NextConfig, Vec<String>), ConfigError> {
    let empty = serde_json::Map::new();
    let obj = match value {
      Value::Object(o) => o,
      Value::Null => &empty,
      other => {
        return Err(ConfigError::option(
          "next.config",
          format!("expected object, received {}", js_type(other)),
        ));
      }
    };
    let mut warnings = Vec::new();
    let unknown: Vec<String> = obj
      .keys()
      .filter(|k| !KNOWN_KEYS.contains(&k.as_str()))
      .map(|k| format!("'{k}'"))
      .collect();
    if !unknown.is_empty() {
      warnings.push("Invalid next.config.js options detected: ".to_string());
      warnings.push(format!(
        "    Unrecognized key(s) in object: {}",
        unknown.join(", ")
      ));
      warnings.push("See more info here: https://nextjs.org/docs/messages/invalid-next-config".to_string());
    }
    let mut c = NextConfig::default();
    match obj.get("basePath") {
      None | Some(Value::Null) => {}
      Some(Value::String(s)) => {
        if !s.is_empty() {
          if !s.starts_with('/') {
            return Err(ConfigError::option(
              "basePath",
              format!(
                "Specified basePath has to start with a /, found \"{s}\""
              ),
            ));
          }
          if s != "/" && s.ends_with('/') {
            return Err(ConfigError::option(
              "basePath",
              format!(
                "Specified basePath should not end with /, found \"{s}\""
              ),
            ));
          }
          if s == "/" {
            return Err(ConfigError::option(
              "basePath",
              "Specified basePath /. basePath has to be either an empty string or a path prefix",
            ));
          }
        }
        c.base_path = s.clone();
      }
      Some(other) => {
        return Err(ConfigError::option(
          "basePath",
          format!("expected string, received {}", js_type(other)),
        ));
      }
    }
    c.trailing_slash = opt_bool(obj, "trailingSlash", false)?;
    c.skip_trailing_slash_redirect =
      opt_bool(obj, "skipTrailingSlashRedirect", false)?;
    c.skip_proxy_url_normalize = opt_bool(obj, "skipProxyUrlNormalize", false)?
      || opt_bool(obj, "skipMiddlewareUrlNormalize", false)?;
    c.compress = opt_bool(obj, "compress", true)?;
    c.powered_by_header = opt_bool(obj, "poweredByHeader", true)?;
    c.generate_etags = opt_bool(obj, "generateEtags", true)?;
    if let Some(Value::Object(env)) = obj.get("env") {
      for (k, v) in env {
        let s = match v {
          Value::String(s) => s.clone(),
          Value::Null => continue,
          other => other.to_string(),
        };
        c.env.push((k.clone(), s));
      }
    }
    c.asset_prefix = obj
      .get("assetPrefix")
      .and_then(Value::as_str)
      .unwrap_or("")
      .to_string();
    c.cache_handler = obj
      .get("cacheHandler")
      .and_then(Value::as_str)
      .map(String::from);
    c.cache_max_memory_size =
      obj.get("cacheMaxMemorySize").and_then(Value::as_u64);
    if let Some(Value::Object(handlers)) = obj.get("cacheHandlers") {
      c.cache_handlers = handlers
        .iter()
        .filter_map(|(kind, path)| {
          Some((kind.clone(), path.as_str()?.to_owned()))
        })
        .collect();
    }
    c.cache_components = obj
      .get("cacheComponents")
      .and_then(Value::as_bool)
      .unwrap_or(false);
    c.cache_life = match obj.get("cacheLife") {
      Some(Value::Object(profiles)) => profiles.clone(),
      _ => serde_json::Map::new(),
    };
    c.case_sensitive_routes = obj
      .get("experimental")
      .and_then(|e| e.get("caseSensitiveRoutes"))
      .and_then(Value::as_bool)
      .unwrap_or(false);
    c.headers = rule_list(obj.get("headers"), "headers")?;
    c.redirects = rule_list(obj.get("redirects"), "redirects")?;
    match obj.get("rewrites") {
      Some(Value::Object(r))
        if r.keys().all(|k| {
          k == "beforeFiles" || k == "afterFiles" || k == "fallback"
        }) =>
      {
        c.before_files =
          rule_list(r.get("beforeFiles"), "rewrites.beforeFiles")?;
        c.after_files = rule_list(r.get("afterFiles"), "rewrites.afterFiles")?;
        c.fallback = rule_list(r.get("fallback"), "rewrites.fallback")?;
      }
      other => c.after_files = rule_list(other, "rewrites")?,
    }
    // every rule is checked by compiling it
    crate::Rules::new(&c)?;
    Ok((c, warnings))
  }
}
