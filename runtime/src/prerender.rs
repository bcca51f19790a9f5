//! Answers of prerendered (static) GET handlers. `next build` runs such a
//! handler once and `next start` serves the stored answer; edgeroute runs
//! it on the first request for a path and serves the stored answer after
//! that, regenerating it in the background once it is older than the
//! route's `revalidate` (stale-while-revalidate, as Next.js does).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use edgeroute_http::Param;
use edgeroute_isolate::Supervisor;
use http::{HeaderMap, Response, StatusCode};

use crate::segment_config::Revalidate;

/// One stored answer.
#[derive(Debug)]
pub struct Prerendered {
  status: StatusCode,
  headers: HeaderMap,
  body: Bytes,
  made: Instant,
  /// When it was made, in ms since the epoch, for tag invalidations.
  pub stored_at: u64,
  /// The tags whose invalidation reaches it (`_N_T_` implicit tags, the
  /// tags of what it read from the cache).
  pub tags: Vec<String>,
  /// How long it stays fresh: the route's `revalidate`, or lower when a
  /// cached read while rendering it asked for less (as `next build`
  /// collects them).
  pub revalidate: Revalidate,
  regenerating: AtomicBool,
}

impl Prerendered {
  /// Stores an answer made now, fresh for `revalidate`, invalidated by
  /// `tags`.
  pub fn new(
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    revalidate: Revalidate,
    tags: Vec<String>,
  ) -> Self {
    Self {
      status,
      headers,
      body,
      made: Instant::now(),
      stored_at: edgeroute_cache::now_ms(),
      tags,
      revalidate,
      regenerating: AtomicBool::new(false),
    }
  }

  /// Whether the answer is older than its `revalidate` allows.
  pub fn is_stale(&self) -> bool {
    match self.revalidate {
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

  /// Bytes it holds: body, headers, and a little for the rest.
  fn size(&self) -> usize {
    let headers: usize = self
      .headers
      .iter()
      .map(|(name, value)| name.as_str().len() + value.len())
      .sum();
    let tags: usize = self.tags.iter().map(String::len).sum();
    self.body.len() + headers + tags + 64
  }

  /// The stored answer, its body made by `body` (HEAD answers drop it).
  pub fn to_response<B>(&self, body: impl FnOnce(Bytes) -> B) -> Response<B> {
    let mut response = Response::new(body(self.body.clone()));
    *response.status_mut() = self.status;
    *response.headers_mut() = self.headers.clone();
    response
  }
}

/// What the build step (`next build`'s prerendering, done at startup)
/// found for a route.
#[derive(Debug, Default)]
pub struct Built {
  /// The params of every path `generateStaticParams()` listed, for a
  /// dynamic route that exports it.
  pub listed: Option<Vec<Vec<(String, Param)>>>,
}

impl Built {
  /// Whether `generateStaticParams()` listed these params.
  pub fn lists(&self, params: &[(String, Param)]) -> bool {
    self
      .listed
      .as_ref()
      .is_some_and(|listed| listed.iter().any(|p| p.as_slice() == params))
  }
}

/// The default budget of stored answers: 50 MB, Next.js's default
/// `cacheMaxMemorySize`.
pub const DEFAULT_PRERENDER_BYTES: usize = 50 * 1024 * 1024;

/// Stored answers of every prerendered route, by path: least recently
/// used first out once they pass their byte budget. What they hold is
/// reported to the supervisor, so `--max-memory` counts it.
#[derive(Debug)]
pub struct PrerenderCache {
  store: Mutex<Store>,
  max_bytes: usize,
  supervisor: Option<Arc<Supervisor>>,
}

#[derive(Debug, Default)]
struct Store {
  entries: HashMap<Arc<str>, Stored>,
  /// Paths by last use, oldest first.
  order: BTreeMap<u64, Arc<str>>,
  next_use: u64,
  bytes: usize,
}

#[derive(Debug)]
struct Stored {
  pattern: Arc<str>,
  entry: Arc<Prerendered>,
  last_use: u64,
  size: usize,
}

impl Store {
  fn remove(&mut self, path: &str) {
    if let Some(old) = self.entries.remove(path) {
      self.order.remove(&old.last_use);
      self.bytes -= old.size;
    }
  }
}

impl PrerenderCache {
  /// An empty store of at most `max_bytes`, reporting its size to
  /// `supervisor`.
  pub fn new(max_bytes: usize, supervisor: Option<Arc<Supervisor>>) -> Self {
    Self {
      store: Mutex::new(Store::default()),
      max_bytes,
      supervisor,
    }
  }

  fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
    self
      .store
      .lock()
      .unwrap_or_else(std::sync::PoisonError::into_inner)
  }

  /// The stored answer for `path`.
  pub fn get(&self, path: &str) -> Option<Arc<Prerendered>> {
    let mut store = self.lock();
    let now = store.next_use;
    let stored = store.entries.get_mut(path)?;
    let previous = std::mem::replace(&mut stored.last_use, now);
    let entry = stored.entry.clone();
    let key = store.order.remove(&previous)?;
    store.order.insert(now, key);
    store.next_use += 1;
    Some(entry)
  }

  /// How many answers are stored.
  pub fn len(&self) -> usize {
    self.lock().entries.len()
  }

  /// Bytes the stored answers hold.
  pub fn bytes(&self) -> usize {
    self.lock().bytes
  }

  /// Stores (or replaces) the answer for `path`, served by the route with
  /// `pattern`, making room by dropping the least recently used; an answer
  /// larger than the whole budget is served but not kept.
  pub fn put(
    &self,
    pattern: &str,
    path: &str,
    entry: Prerendered,
  ) -> Arc<Prerendered> {
    let entry = Arc::new(entry);
    let size = entry.size() + path.len();
    let bytes = {
      let mut store = self.lock();
      store.remove(path);
      if size <= self.max_bytes {
        let key: Arc<str> = path.into();
        let last_use = store.next_use;
        store.next_use += 1;
        store.order.insert(last_use, key.clone());
        store.entries.insert(
          key,
          Stored {
            pattern: pattern.into(),
            entry: entry.clone(),
            last_use,
            size,
          },
        );
        store.bytes += size;
      }
      while store.bytes > self.max_bytes {
        let Some((_, oldest)) = store.order.pop_first() else {
          break;
        };
        if let Some(old) = store.entries.remove(&oldest) {
          store.bytes -= old.size;
        }
      }
      store.bytes
    };
    self.report(bytes);
    entry
  }

  fn report(&self, bytes: usize) {
    if let Some(supervisor) = &self.supervisor {
      supervisor.set_cached_bytes(bytes);
    }
  }
}

impl edgeroute_next::Revalidator for PrerenderCache {
  fn revalidate_path(&self, path: &str) {
    let bytes = {
      let mut store = self.lock();
      store.remove(path);
      if path.contains('[') {
        let of_pattern: Vec<Arc<str>> = store
          .entries
          .iter()
          .filter(|(_, stored)| &*stored.pattern == path)
          .map(|(key, _)| key.clone())
          .collect();
        for key in of_pattern {
          store.remove(&key);
        }
      }
      store.bytes
    };
    self.report(bytes);
  }
}
