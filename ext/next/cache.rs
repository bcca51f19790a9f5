//! The ops behind `next/cache`'s data cache (`13_cache.js`): entries of
//! `unstable_cache` read and written through the app's
//! [`edgeroute_cache::Cache`] (memory, then disk or Redis), and tag
//! invalidations (`revalidateTag`, `revalidatePath`) made there, so every
//! isolate of the app (and, over Redis, every instance) sees them.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use bytes::Bytes;
use deno_core::{OpState, op2};
use edgeroute_cache::{Cache, Entry, Invalidation, Lookup};
use sha2::{Digest, Sha256};

/// The app's data cache, in `OpState`.
#[derive(Debug, Clone)]
pub struct DataCacheHandle(pub Arc<Cache>);

/// What next.config says about caching, as JSON text for next/cache:
/// `{ "cacheComponents": bool, "cacheLife": { name: profile } }`, in
/// `OpState`.
#[derive(Debug, Clone)]
pub struct CacheConfig(Arc<str>);

/// The handler modules of next.config, for Node.js routes.
#[derive(Debug, Clone, Default)]
pub struct CacheHandlerModules {
  /// `cacheHandler`'s file URL.
  pub cache_handler: Option<String>,
  /// `cacheHandlers`: each `'use cache'` kind's module URL.
  pub kinds: Vec<(String, String)>,
  /// What a `cacheHandler` is told as `serverDistDir` (where `next build`
  /// would have put the server files).
  pub server_dist_dir: String,
}

impl CacheConfig {
  /// `cacheComponents`, the `cacheLife` profiles and the `cacheHandler`
  /// of next.config.
  pub fn new(
    cache_components: bool,
    cache_life: &serde_json::Map<String, serde_json::Value>,
    handlers: &CacheHandlerModules,
  ) -> Self {
    let kinds: serde_json::Map<String, serde_json::Value> = handlers
      .kinds
      .iter()
      .map(|(kind, url)| (kind.clone(), url.clone().into()))
      .collect();
    let text = serde_json::json!({
      "cacheComponents": cache_components,
      "cacheLife": cache_life,
      "cacheHandler": handlers.cache_handler,
      "cacheHandlers": kinds,
      "serverDistDir": handlers.server_dist_dir,
    })
    .to_string();
    CacheConfig(text.into())
  }
}

impl Default for CacheConfig {
  fn default() -> Self {
    CacheConfig::new(
      false,
      &serde_json::Map::new(),
      &CacheHandlerModules::default(),
    )
  }
}

/// The key Next.js gives a cache handler for an entry: the SHA-256 hex of
/// its invocation key (as the data cache names its entries).
#[op2]
#[string]
pub fn op_next_cache_key(#[string] invocation: String) -> String {
  entry_key(&invocation)
}

/// [`CacheConfig`]'s JSON text.
#[op2]
#[string]
pub fn op_next_cache_config(state: &mut OpState) -> String {
  state
    .try_borrow::<CacheConfig>()
    .map_or_else(|| CacheConfig::default().0.to_string(), |c| c.0.to_string())
}

/// The route an isolate serves as Next.js names its page
/// (`/api/items/[id]/route`), in `OpState`: the root of its implicit tags.
#[derive(Debug, Clone)]
pub struct RoutePage(pub String);

/// Where a call's entry is stored: the SHA-256 of its invocation key
/// (function source, key parts, arguments), as Next.js hashes it, so that
/// keys of any length are short and safe as file and Redis names.
fn entry_key(invocation: &str) -> String {
  let digest = Sha256::digest(invocation.as_bytes());
  let mut key = String::with_capacity(digest.len() * 2);
  for byte in digest {
    key.push_str(&format!("{byte:02x}"));
  }
  key
}

fn cache(state: &Rc<RefCell<OpState>>) -> Option<Arc<Cache>> {
  state
    .borrow()
    .try_borrow::<DataCacheHandle>()
    .map(|handle| handle.0.clone())
}

/// The stored JSON text under `invocation` and whether it is stale, or
/// nothing (a miss). `soft` are the reader's implicit tags.
#[op2]
#[serde]
pub async fn op_next_cache_get(
  state: Rc<RefCell<OpState>>,
  #[string] invocation: String,
  #[serde] soft: Vec<String>,
) -> Option<(String, bool)> {
  let cache = cache(&state)?;
  let (entry, stale) = match cache.lookup(&entry_key(&invocation), &soft).await
  {
    Lookup::Miss => return None,
    Lookup::Fresh(entry) => (entry, false),
    Lookup::Stale(entry) => (entry, true),
  };
  // An entry whose bytes are not text is a miss.
  let text = String::from_utf8(entry.value.to_vec()).ok()?;
  Some((text, stale))
}

/// Stores `value` (JSON text) under `invocation` with its `tags`, stale
/// after `revalidate` seconds and gone after `expire` (`Infinity`: never).
#[op2]
pub async fn op_next_cache_set(
  state: Rc<RefCell<OpState>>,
  #[string] invocation: String,
  #[string] value: String,
  #[serde] tags: Vec<String>,
  revalidate: f64,
  expire: f64,
) {
  let Some(cache) = cache(&state) else {
    return;
  };
  let seconds = |value: f64| {
    (value.is_finite() && value >= 0.0).then(|| value.ceil() as u64)
  };
  let mut entry = Entry::new(Bytes::from(value), tags);
  entry.revalidate = seconds(revalidate);
  entry.expire = seconds(expire);
  cache.set(&entry_key(&invocation), entry).await;
}

/// Invalidates `tags`: with an `expire` of 0 they expire (the next read
/// misses); otherwise they turn stale (served once more while refreshed)
/// and are gone once `expire` seconds have passed (`Infinity`: never).
#[op2]
pub async fn op_next_cache_invalidate(
  state: Rc<RefCell<OpState>>,
  #[serde] tags: Vec<String>,
  expire: f64,
) {
  let Some(cache) = cache(&state) else {
    return;
  };
  let how = if expire <= 0.0 {
    Invalidation::Expired
  } else {
    Invalidation::Stale {
      expire: std::time::Duration::try_from_secs_f64(expire).ok(),
    }
  };
  for tag in &tags {
    cache.invalidate(tag, how).await;
  }
}

/// The page of the route this isolate serves (`/route` for `app/route.ts`).
#[op2]
#[string]
pub fn op_next_route_page(state: &mut OpState) -> String {
  state
    .try_borrow::<RoutePage>()
    .map(|page| page.0.clone())
    .unwrap_or_default()
}
