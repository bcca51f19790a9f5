//! # edgeroute_cache
//!
//! Where edgeroute keeps what it caches (stored answers, data-cache
//! entries) and the tags that invalidate them, behind one [`Cache`]:
//!
//! | layer | what it is for |
//! |---|---|
//! | memory | every lookup starts here: a concurrent cache bounded by bytes (`cacheMaxMemorySize`) |
//! | disk ([`Cache::on_disk`]) | `.edgeroute/cache` under the project: entries and tags survive a restart |
//! | Redis ([`Cache::with_redis`]) | shared by every instance: an entry one stores the others read; an invalidation one makes, every instance applies at once |
//!
//! | file | what it holds |
//! |---|---|
//! | `entry.rs` | [`Entry`], its stored form, its freshness ([`Lookup`]) |
//! | `tags.rs` | [`TagTimes`]: each tag's last stale and expired marks, as Next.js 16 keeps them |
//! | `disk.rs`, `redis.rs` | the stores behind memory |
//! | `outage.rs` | a store that stops answering, logged once per outage |
//!
//! A store that fails, is slow (Redis: over 50 ms) or holds bytes that do
//! not decode is a miss: a lookup never fails a request.
#![deny(missing_docs)]

mod disk;
mod entry;
mod error;
mod outage;
mod redis;
mod tags;

use std::path::Path;
use std::sync::{Arc, RwLock};

pub use disk::DiskStore;
pub use entry::{Entry, Lookup, now_ms};
pub use error::CacheError;
pub use redis::{COMMAND_TIMEOUT, RedisStore};
pub use tags::{Marks, TagTimes};

/// What sits behind memory.
#[derive(Debug)]
enum Shared {
  None,
  Disk(DiskStore),
  Redis(Arc<RedisStore>),
}

/// A cache: memory in front of nothing, a disk store, or Redis.
#[derive(Debug)]
pub struct Cache {
  memory: moka::sync::Cache<String, Entry>,
  tags: Arc<RwLock<TagTimes>>,
  shared: Shared,
}

/// How an invalidation treats the tag's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalidation {
  /// Served stale once more while one refresh runs
  /// (`revalidateTag(tag, 'max')`); gone, if the profile has an `expire`,
  /// once that has passed.
  Stale {
    /// The profile's `expire`.
    expire: Option<std::time::Duration>,
  },
  /// Gone: the next read misses (`revalidateTag(tag, { expire: 0 })`,
  /// `revalidatePath`).
  Expired,
}

/// What tag invalidations make of something stored ([`Cache::judge_tags`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagVerdict {
  /// No tag was invalidated since.
  Fresh,
  /// A tag was marked stale since: served once more while it is redone.
  Stale,
  /// A tag expired since: gone.
  Expired,
}

fn memory(max_bytes: u64) -> moka::sync::Cache<String, Entry> {
  moka::sync::Cache::builder()
    .max_capacity(max_bytes)
    .weigher(|key: &String, entry: &Entry| {
      u32::try_from(key.len() + entry.size()).unwrap_or(u32::MAX)
    })
    .build()
}

impl Cache {
  /// Memory alone, up to `max_bytes`.
  pub fn in_memory(max_bytes: u64) -> Cache {
    Cache {
      memory: memory(max_bytes),
      tags: Arc::default(),
      shared: Shared::None,
    }
  }

  /// Memory in front of a disk store in `dir` (made if missing); the
  /// tags' marks are read from it now.
  pub fn on_disk(dir: &Path, max_bytes: u64) -> Result<Cache, CacheError> {
    let disk = DiskStore::open(dir)?;
    let tags = disk.load_tags();
    Ok(Cache {
      memory: memory(max_bytes),
      tags: Arc::new(RwLock::new(tags)),
      shared: Shared::Disk(disk),
    })
  }

  /// Memory in front of Redis at `url` (`redis://host:port/db`), keys
  /// under `prefix`. Connects in the background and keeps trying; until
  /// then (and whenever Redis is down or slow) the cache is memory alone.
  /// Must be called within a tokio runtime.
  pub fn with_redis(
    url: &str,
    prefix: &str,
    max_bytes: u64,
  ) -> Result<Cache, CacheError> {
    let tags: Arc<RwLock<TagTimes>> = Arc::default();
    let marks = tags.clone();
    let store = RedisStore::connect(
      url,
      prefix,
      Arc::new(move |tag: &str, m: Marks| {
        marks
          .write()
          .unwrap_or_else(|p| p.into_inner())
          .mark(tag, m);
      }),
    )?;
    Ok(Cache {
      memory: memory(max_bytes),
      tags,
      shared: Shared::Redis(store),
    })
  }

  /// The entry under `key` and how fresh it is: memory first, then the
  /// store behind it (whose entry memory then keeps).
  pub async fn get(&self, key: &str) -> Lookup {
    self.lookup(key, &[]).await
  }

  /// [`Cache::get`], the entry also judged by `soft` tags: tags of the
  /// reader, not of the entry (Next.js's implicit `_N_T_` tags of the
  /// route and path reading it), invalidated as its own tags are.
  ///
  /// Memory answers when its entry is fresh. Otherwise the store behind
  /// it is asked: another instance (or an earlier process) may have
  /// stored a newer entry since, which memory then keeps.
  pub async fn lookup(&self, key: &str, soft: &[String]) -> Lookup {
    let judge = |entry: Entry| {
      let tags = self.tags.read().unwrap_or_else(|p| p.into_inner());
      entry.freshness(now_ms(), &tags, soft)
    };
    let remembered = self.memory.get(key).map(judge);
    if let Some(Lookup::Fresh(_)) = &remembered {
      return remembered.unwrap_or(Lookup::Miss);
    }
    let found = match &self.shared {
      Shared::None => None,
      Shared::Disk(disk) => disk.get(key).await,
      Shared::Redis(redis) => redis.get(key).await,
    };
    let newer = found.filter(|entry| {
      let stored_at = |lookup: &Lookup| match lookup {
        Lookup::Fresh(e) | Lookup::Stale(e) => Some(e.stored_at),
        Lookup::Miss => None,
      };
      remembered
        .as_ref()
        .and_then(stored_at)
        .is_none_or(|at| entry.stored_at > at)
    });
    match newer {
      Some(entry) => {
        self.memory.insert(key.to_owned(), entry.clone());
        judge(entry)
      }
      None => remembered.unwrap_or(Lookup::Miss),
    }
  }

  /// Stores `entry` under `key`, in memory and in the store behind it (a
  /// store that cannot take it is skipped, and logged once).
  pub async fn set(&self, key: &str, entry: Entry) {
    match &self.shared {
      Shared::None => {}
      Shared::Disk(disk) => {
        if let Err(error) = disk.set(key, &entry).await {
          tracing::warn!("cache entry {key:?} not written to disk: {error}");
        }
      }
      Shared::Redis(redis) => redis.set(key, &entry).await,
    }
    self.memory.insert(key.to_owned(), entry);
  }

  /// Invalidates every entry tagged `tag` that was stored before now, in
  /// this process and (through the store) every instance sharing it.
  pub async fn invalidate(&self, tag: &str, how: Invalidation) {
    let now = now_ms();
    let new = match how {
      Invalidation::Stale { expire } => Marks {
        stale: Some(now),
        expired: None,
        expires: expire.map(|after| {
          now.saturating_add(
            u64::try_from(after.as_millis()).unwrap_or(u64::MAX),
          )
        }),
      },
      Invalidation::Expired => Marks {
        expired: Some(now),
        ..Marks::default()
      },
    };
    let marks = {
      let mut tags = self.tags.write().unwrap_or_else(|p| p.into_inner());
      tags.mark(tag, new);
      tags.get(tag)
    };
    match &self.shared {
      Shared::None => {}
      Shared::Disk(disk) => {
        let snapshot =
          self.tags.read().unwrap_or_else(|p| p.into_inner()).clone();
        if let Err(error) = disk.save_tags(&snapshot) {
          tracing::warn!("cache tags not written to disk: {error}");
        }
      }
      Shared::Redis(redis) => redis.mark(tag, marks).await,
    }
  }

  /// How the tags' invalidations judge something stored elsewhere (a
  /// prerendered answer) at `stored_at` (ms since the epoch) with `tags`.
  pub fn judge_tags(&self, tags: &[String], stored_at: u64) -> TagVerdict {
    let times = self.tags.read().unwrap_or_else(|p| p.into_inner());
    if times.expired_since(tags, stored_at, now_ms()) {
      TagVerdict::Expired
    } else if times.stale_since(tags, stored_at) {
      TagVerdict::Stale
    } else {
      TagVerdict::Fresh
    }
  }

  /// A tag's marks as this process knows them.
  pub fn marks(&self, tag: &str) -> Marks {
    self.tags.read().unwrap_or_else(|p| p.into_inner()).get(tag)
  }

  /// Whether the store behind memory failed its last command (Redis).
  pub fn shared_store_down(&self) -> bool {
    match &self.shared {
      Shared::Redis(redis) => redis.is_down(),
      _ => false,
    }
  }
}
