//! The order of operations of Next's resolve-routes: headers, redirects (front), then rewrites
//! in three phases around the filesystem checks.

use crate::destination::{Prepared, compile_non_path, format_url, prepare};
use crate::error::ConfigError;
use crate::prefilter::RuleList;
use crate::query::{JsMap, Val, pairs, parse_query, stringify_query};
use crate::route::{self, Kind, Raw, Route};
use crate::{
  Filesystem, Front, NextConfig, Redirect, RequestParts, Resolution,
};
use serde_json::json;
use std::borrow::Cow;

/// How many rules of each kind the user's next.config gave (Next's internal ones not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleCounts {
  /// `headers()` rules.
  pub headers: usize,
  /// `redirects()` rules.
  pub redirects: usize,
  /// `rewrites().beforeFiles`.
  pub before_files: usize,
  /// `rewrites().afterFiles`.
  pub after_files: usize,
  /// `rewrites().fallback`.
  pub fallback: usize,
}

/// next.config's rules, compiled.
#[derive(Debug, Clone)]
pub struct Rules {
  base_path: String,
  headers: RuleList,
  redirects: RuleList,
  before_files: RuleList,
  after_files: RuleList,
  fallback: RuleList,
  counts: RuleCounts,
}

fn internal_redirects(c: &NextConfig) -> Vec<serde_json::Value> {
  let mut out = Vec::new();
  if c.skip_trailing_slash_redirect {
    return out;
  }
  let bp = &c.base_path;
  if c.trailing_slash {
    if !bp.is_empty() {
      out.push(json!({"source": bp, "destination": format!("{bp}/"), "permanent": true}));
    }
    out.push(json!({
        "source": "/:file((?!\\.well-known(?:/.*)?)(?:[^/]+/)*[^/]+\\.\\w+)/",
        "destination": "/:file", "permanent": true,
        "missing": [{"type": "header", "key": "x-nextjs-data"}]
    }));
    out.push(json!({
        "source": "/:notfile((?!\\.well-known(?:/.*)?)(?:[^/]+/)*[^/\\.]+)",
        "destination": "/:notfile/", "permanent": true
    }));
  } else {
    if !bp.is_empty() {
      out.push(json!({"source": format!("{bp}/"), "destination": bp, "permanent": true}));
    }
    out.push(json!({"source": "/:path+/", "destination": "/:path+", "permanent": true}));
  }
  out
}

/// The beforeFiles rewrite Next adds for an `assetPrefix` (its path part, if it is a URL).
fn asset_prefix_rewrite(c: &NextConfig) -> Option<serde_json::Value> {
  let raw = c.asset_prefix.as_str();
  if raw.is_empty() {
    return None;
  }
  let full_url = raw.starts_with("http://") || raw.starts_with("https://");
  let prefix = match url::Url::parse(raw) {
    Ok(u) if full_url => u.path().to_string(),
    _ => raw.to_string(),
  };
  if prefix.is_empty() || prefix == "/" {
    return None;
  }
  let prefix = if prefix.starts_with('/') {
    prefix
  } else {
    format!("/{prefix}")
  };
  (prefix != c.base_path).then(|| {
        json!({ "source": format!("{prefix}/_next/:path+"), "destination": format!("{}/_next/:path+", c.base_path) })
    })
}

fn normalize_repeated_slashes(url: &str) -> String {
  let mut parts = url.split('?');
  let first = parts.next().unwrap_or("").replace('\\', "/");
  let mut path = String::with_capacity(first.len());
  for c in first.chars() {
    if c == '/' && path.ends_with('/') {
      continue;
    }
    path.push(c);
  }
  let rest: Vec<&str> = parts.collect();
  if rest.first().is_some_and(|r| !r.is_empty()) {
    path.push('?');
    path.push_str(&rest.join("?"));
  }
  path
}

/// The request's pathname and query as Next's `parseUrl(req.url)` reads them.
fn parse_request(req: &RequestParts<'_>) -> (String, JsMap<Val>) {
  let query = req.query.map(parse_query).unwrap_or_default();
  let path = crate::url_path(req.path);
  (path, query)
}

fn path_has_prefix(path: &str, prefix: &str) -> bool {
  path == prefix
    || path
      .strip_prefix(prefix)
      .is_some_and(|r| r.starts_with('/'))
}

impl Rules {
  /// Compiles the config's rules, with Next's internal trailingSlash/basePath redirects first.
  pub fn new(config: &NextConfig) -> Result<Rules, ConfigError> {
    let bp = config.base_path.as_str();
    let sensitive = config.case_sensitive_routes;
    let build = |list: &[serde_json::Value],
                 kind: Kind,
                 name: &str|
     -> Result<Vec<Route>, ConfigError> {
      list
        .iter()
        .enumerate()
        .map(|(i, v)| {
          let at = format!("{name}[{i}]");
          let mut raw = route::check(v, kind, &at)?;
          route::prefix_base_path(&mut raw, bp);
          route::compile(&raw, kind, false, bp, sensitive, &at)
        })
        .collect()
    };
    let mut redirects = Vec::new();
    for (i, v) in internal_redirects(config).iter().enumerate() {
      let raw = Raw {
        source: v["source"].as_str().unwrap_or("").to_string(),
        destination: v["destination"].as_str().map(String::from),
        base_path_false: true,
        value: v.clone(),
      };
      redirects.push(route::compile(
        &raw,
        Kind::Redirect,
        true,
        bp,
        sensitive,
        &format!("internal redirect {i}"),
      )?);
    }
    let user_redirects = build(&config.redirects, Kind::Redirect, "redirects")?;
    let counts = RuleCounts {
      headers: config.headers.len(),
      redirects: user_redirects.len(),
      before_files: config.before_files.len(),
      after_files: config.after_files.len(),
      fallback: config.fallback.len(),
    };
    redirects.extend(user_redirects);
    let mut before_files = Vec::new();
    if let Some(v) = asset_prefix_rewrite(config) {
      let raw = Raw {
        source: v["source"].as_str().unwrap_or("").to_string(),
        destination: v["destination"].as_str().map(String::from),
        base_path_false: true,
        value: v.clone(),
      };
      before_files.push(route::compile(
        &raw,
        Kind::BeforeFiles,
        false,
        bp,
        sensitive,
        "assetPrefix rewrite",
      )?);
    }
    before_files.extend(build(
      &config.before_files,
      Kind::BeforeFiles,
      "rewrites.beforeFiles",
    )?);
    Ok(Rules {
      base_path: config.base_path.clone(),
      headers: RuleList::new(build(&config.headers, Kind::Header, "headers")?),
      redirects: RuleList::new(redirects),
      before_files: RuleList::new(before_files),
      after_files: RuleList::new(build(
        &config.after_files,
        Kind::Rewrite,
        "rewrites.afterFiles",
      )?),
      fallback: RuleList::new(build(
        &config.fallback,
        Kind::Rewrite,
        "rewrites.fallback",
      )?),
      counts,
    })
  }

  /// The basePath ("" when none).
  pub fn base_path(&self) -> &str {
    &self.base_path
  }

  /// How many user rules of each kind.
  pub fn counts(&self) -> RuleCounts {
    self.counts
  }

  /// Whether `path` is inside the basePath, and the path without it ("/" for the bare basePath).
  pub fn strip_base_path<'p>(&self, path: &'p str) -> Option<Cow<'p, str>> {
    if self.base_path.is_empty() {
      return Some(Cow::Borrowed(path));
    }
    if !path_has_prefix(path, &self.base_path) {
      return None;
    }
    let rest = &path[self.base_path.len()..];
    Some(if rest.is_empty() {
      Cow::Borrowed("/")
    } else {
      Cow::Borrowed(rest)
    })
  }

  /// Steps before the proxy: the repeated-slash redirect, `headers()`, then the first redirect.
  pub fn front(&self, req: &RequestParts<'_>) -> Front {
    let mut front = Front::default();
    if req.path.contains("//") || req.path.contains('\\') {
      let full = match req.query {
        Some(q) => format!("{}?{q}", req.path),
        None => req.path.to_string(),
      };
      let norm = normalize_repeated_slashes(&full);
      let location = match url::Url::parse(&format!("http://n{norm}")) {
        Ok(u) => format!(
          "{}{}",
          u.path(),
          u.query()
            .filter(|q| !q.is_empty())
            .map(|q| format!("?{q}"))
            .unwrap_or_default()
        ),
        Err(_) => norm,
      };
      front.redirect = Some(Redirect {
        status: http::StatusCode::PERMANENT_REDIRECT,
        location,
      });
      return front;
    }
    let (path, query) = parse_request(req);
    let mut res: JsMap<Val> = JsMap::new();
    let may = self.headers.candidates(&path);
    for (i, r) in self.headers.routes().iter().enumerate() {
      if !may.may_match(i) {
        continue;
      }
      let Some(params) = r.matches(&path, req.headers, &query) else {
        continue;
      };
      for (k, v) in &r.headers {
        let (k, v) = if params.len() > 0 {
          match (compile_non_path(k, &params), compile_non_path(v, &params)) {
            (Ok(k), Ok(v)) => (k, v),
            (Err(e), _) | (_, Err(e)) => {
              front.error = Some(e);
              return front;
            }
          }
        } else {
          (k.clone(), v.clone())
        };
        if k.eq_ignore_ascii_case("set-cookie") {
          let mut list = match res.get(&k) {
            Some(Val::Many(l)) => l.clone(),
            _ => Vec::new(),
          };
          list.push(v);
          res.insert(k, Val::Many(list));
        } else {
          res.insert(k, Val::One(v));
        }
      }
    }
    let may = self.redirects.candidates(&path);
    for (i, r) in self.redirects.routes().iter().enumerate() {
      if !may.may_match(i) {
        continue;
      }
      let Some(params) = r.matches(&path, req.headers, &query) else {
        continue;
      };
      let Some(dest) = &r.destination else { continue };
      match prepare(dest, &params, &query, false) {
        Ok(p) => {
          let search = stringify_query(&p.query, &query);
          let pathname = normalize_repeated_slashes(&p.pathname);
          let location = format_url(&p, &pathname, &search);
          let status = http::StatusCode::from_u16(r.status)
            .unwrap_or(http::StatusCode::TEMPORARY_REDIRECT);
          front.redirect = Some(Redirect { status, location });
        }
        Err(e) => front.error = Some(e),
      }
      return front;
    }
    for (k, v) in res.iter() {
      let Ok(name) = http::HeaderName::from_bytes(k.as_bytes()) else {
        front.error = Some(format!("Invalid header name {k:?}"));
        return front;
      };
      front.headers.retain(|(n, _)| *n != name);
      let values: Vec<&String> = match v {
        Val::One(s) => vec![s],
        Val::Many(l) => l.iter().collect(),
      };
      for s in values {
        match http::HeaderValue::from_str(s) {
          Ok(hv) => front.headers.push((name.clone(), hv)),
          Err(_) => {
            front.error =
              Some(format!("Invalid character in header content [\"{k}\"]"));
            front.headers.clear();
            return front;
          }
        }
      }
    }
    front
  }

  fn get_item<F: Filesystem>(
    &self,
    pathname: &str,
    fs: &F,
  ) -> Option<(F::Hit, String)> {
    let inner = self.strip_base_path(pathname)?;
    let mut p: &str = &inner;
    if p != "/" && p.ends_with('/') {
      p = &p[..p.len() - 1];
    }
    fs.file(p).map(|h| (h, p.to_string()))
  }

  fn check_true<F: Filesystem>(
    &self,
    pathname: &str,
    fs: &F,
  ) -> Option<(F::Hit, String)> {
    if let Some(hit) = self.get_item(pathname, fs) {
      return Some(hit);
    }
    let inner = self.strip_base_path(pathname)?;
    fs.dynamic(&inner).map(|h| (h, inner.into_owned()))
  }

  /// Steps after the proxy: beforeFiles rewrites (chained), the exact filesystem check,
  /// afterFiles rewrites (each followed by the check of files and dynamic routes), the check,
  /// fallback rewrites (each followed by the check), else not found.
  pub fn resolve<F: Filesystem>(
    &self,
    req: &RequestParts<'_>,
    fs: &F,
  ) -> Resolution<F::Hit> {
    let (mut path, mut query) = parse_request(req);
    let initial = query.clone();
    let hit = |h: (F::Hit, String), q: &JsMap<Val>| Resolution::Hit {
      hit: h.0,
      path: h.1,
      query: pairs(q),
    };
    enum Step {
      Go,
      External(String),
      Error(String),
    }
    let rewrite =
      |r: &Route, path: &mut String, query: &mut JsMap<Val>| -> Option<Step> {
        let params = r.matches(path, req.headers, query)?;
        let dest = r.destination.as_deref()?;
        match prepare(dest, &params, query, true) {
          Ok(p) if p.protocol.is_some() => {
            Some(Step::External(external_url(&p, &initial)))
          }
          Ok(p) => {
            *path = p.pathname;
            *query = p.query;
            Some(Step::Go)
          }
          Err(e) => Some(Step::Error(e)),
        }
      };
    let mut may = self.before_files.candidates(&path);
    for (i, r) in self.before_files.routes().iter().enumerate() {
      if !may.may_match(i) {
        continue;
      }
      match rewrite(r, &mut path, &mut query) {
        Some(Step::External(url)) => return Resolution::External { url },
        Some(Step::Error(message)) => return Resolution::Error { message },
        // The chain goes on from the new path.
        Some(Step::Go) => may = self.before_files.candidates(&path),
        None => {}
      }
    }
    if let Some(h) = self.get_item(&path, fs) {
      return hit(h, &query);
    }
    // afterFiles, the check of files and dynamic routes, then fallback;
    // every rewrite of those two phases is followed by the same check.
    for (list, check_first) in
      [(&self.after_files, false), (&self.fallback, true)]
    {
      if check_first && let Some(h) = self.check_true(&path, fs) {
        return hit(h, &query);
      }
      let mut may = list.candidates(&path);
      for (i, r) in list.routes().iter().enumerate() {
        if !may.may_match(i) {
          continue;
        }
        match rewrite(r, &mut path, &mut query) {
          Some(Step::External(url)) => return Resolution::External { url },
          Some(Step::Error(message)) => return Resolution::Error { message },
          Some(Step::Go) => {
            if let Some(h) = self.check_true(&path, fs) {
              return hit(h, &query);
            }
            may = list.candidates(&path);
          }
          None => {}
        }
      }
    }
    Resolution::NotFound
  }
}

/// What Next's proxy targets: the formatted destination, read back as a WHATWG URL.
fn external_url(p: &Prepared, initial: &JsMap<Val>) -> String {
  let search = stringify_query(&p.query, initial);
  let raw = format_url(p, &p.pathname, &search);
  url::Url::parse(&raw).map(|u| u.to_string()).unwrap_or(raw)
}
