//! next.config's rules as `next start` applies them in front of a route: basePath,
//! trailingSlash, `headers()`, `redirects()`, `rewrites()` in their three phases around the
//! filesystem checks, and the proxy (middleware) matcher.
#![deny(missing_docs)]

mod config;
mod destination;
mod error;
mod has;
mod matcher;
mod pattern;
mod prefilter;
mod query;
mod resolve;
mod route;
mod safe;

pub use config::NextConfig;
pub use error::ConfigError;
pub use has::cookie_value;
pub use matcher::ProxyMatcher;
pub use resolve::{RuleCounts, Rules};

/// The parts of a request the rules look at.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
  /// The raw path as received, percent-encoded, with the basePath.
  pub path: &'a str,
  /// The raw query string, without `?`.
  pub query: Option<&'a str>,
  /// The request headers: `host` (port stripped) for host conditions, `cookie` for cookies.
  pub headers: &'a http::HeaderMap,
}

/// What happens before the proxy runs.
#[derive(Debug, Clone, Default)]
pub struct Front {
  /// The headers of every matching `headers()` rule, in the order Next sets them (a later
  /// rule replaces an earlier one's header of the same name; `set-cookie` accumulates).
  /// Empty when there is a redirect: Next drops them on redirects.
  pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
  /// The first matching redirect.
  pub redirect: Option<Redirect>,
  /// A param could not be filled in (Next answers 500 for this request).
  pub error: Option<String>,
}

/// A redirect response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
  /// 307/308 from `permanent`, or the rule's `statusCode`.
  pub status: http::StatusCode,
  /// The `location` header exactly as Next writes it.
  pub location: String,
}

impl Redirect {
  /// Next also sends `Refresh: 0;url=<location>` with a 308; the body is the location.
  pub fn refresh(&self) -> Option<String> {
    (self.status == http::StatusCode::PERMANENT_REDIRECT)
      .then(|| format!("0;url={}", self.location))
  }
}

/// Where public files and routes are looked up.
pub trait Filesystem {
  /// What a lookup finds.
  type Hit;
  /// A public file or a static (non-dynamic) route at `path` (without basePath,
  /// percent-encoded, trailing slash removed except for `/`).
  fn file(&self, path: &str) -> Option<Self::Hit>;
  /// A dynamic route matching `path` (without basePath, percent-encoded, as rewritten).
  fn dynamic(&self, path: &str) -> Option<Self::Hit>;
}

/// The outcome of the steps after the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<H> {
  /// A file or route was found.
  Hit {
    /// What the filesystem returned.
    hit: H,
    /// Where it was found, without basePath.
    path: String,
    /// The query the route sees: the request's, with rewrites' queries and params merged.
    query: Vec<(String, String)>,
  },
  /// An external rewrite: proxy the request to this URL.
  External {
    /// The destination with params and query applied.
    url: String,
  },
  /// Nothing matched: 404.
  NotFound,
  /// A param could not be filled into a destination (Next answers 500).
  Error {
    /// Next's message.
    message: String,
  },
}

/// The request path as a WHATWG URL parser leaves it (Next.js reads it
/// that way): `.` / `..` segments resolved, characters it escapes escaped.
/// A path of plain characters without dot segments is already that, and is
/// taken as is without a parse.
pub(crate) fn url_path(path: &str) -> String {
  let plain = path.starts_with('/')
    && path.bytes().all(|b| {
      b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'~' | b'.')
    })
    && !path
      .split('/')
      .any(|segment| segment == "." || segment == "..");
  if plain {
    return path.to_owned();
  }
  match url::Url::parse(&format!("http://n{path}")) {
    Ok(u) if path.starts_with('/') => u.path().to_string(),
    _ => path.to_string(),
  }
}

#[cfg(test)]
mod tests;
