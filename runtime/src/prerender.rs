//! Answers of prerendered (static) GET handlers. `next build` runs such a
//! handler once and `next start` serves the stored answer; edgeroute runs
//! it on the first request for a path and serves the stored answer after
//! that, regenerating it in the background once it is older than the
//! route's `revalidate` (stale-while-revalidate, as Next.js does).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use dashmap::DashMap;
use http::{HeaderMap, Response, StatusCode};

use crate::segment_config::Revalidate;

/// One stored answer.
#[derive(Debug)]
pub struct Prerendered {
  status: StatusCode,
  headers: HeaderMap,
  body: Bytes,
  made: Instant,
  regenerating: AtomicBool,
}

impl Prerendered {
  /// Stores an answer made now.
  pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
    Self {
      status,
      headers,
      body,
      made: Instant::now(),
      regenerating: AtomicBool::new(false),
    }
  }

  /// Whether the answer is older than `revalidate` allows.
  pub fn is_stale(&self, revalidate: Revalidate) -> bool {
    match revalidate {
      Revalidate::Never => false,
      Revalidate::After(seconds) => {
        self.made.elapsed() >= Duration::from_secs(seconds)
      }
    }
  }

  /// Claims the right to regenerate; `false` when a regeneration is
  /// already running.
  pub fn claim_regeneration(&self) -> bool {
    !self.regenerating.swap(true, Ordering::AcqRel)
  }

  /// Gives the claim back after a failed regeneration.
  pub fn release_regeneration(&self) {
    self.regenerating.store(false, Ordering::Release);
  }

  /// The stored answer, its body made by `body` (HEAD answers drop it).
  pub fn to_response<B>(&self, body: impl FnOnce(Bytes) -> B) -> Response<B> {
    let mut response = Response::new(body(self.body.clone()));
    *response.status_mut() = self.status;
    *response.headers_mut() = self.headers.clone();
    response
  }
}

/// Stored answers of every prerendered route, by path.
#[derive(Debug, Default)]
pub struct PrerenderCache {
  entries: DashMap<String, (Arc<str>, Arc<Prerendered>)>,
}

impl PrerenderCache {
  /// The stored answer for `path`.
  pub fn get(&self, path: &str) -> Option<Arc<Prerendered>> {
    self.entries.get(path).map(|e| e.1.clone())
  }

  /// Stores (or replaces) the answer for `path`, served by the route with
  /// `pattern`.
  pub fn put(
    &self,
    pattern: &str,
    path: &str,
    entry: Prerendered,
  ) -> Arc<Prerendered> {
    let entry = Arc::new(entry);
    self
      .entries
      .insert(path.to_owned(), (pattern.into(), entry.clone()));
    entry
  }
}

impl edgeroute_next::Revalidator for PrerenderCache {
  fn revalidate_path(&self, path: &str) {
    self.entries.remove(path);
    if path.contains('[') {
      self.entries.retain(|_, (pattern, _)| &**pattern != path);
    }
  }
}
