//! The store many instances share: Redis, through redis-rs's reconnecting
//! `ConnectionManager` (RESP3, so invalidations arrive as push messages on
//! the same connection and its subscription is renewed after a
//! reconnect).
//!
//! Keys: `<prefix>e:<key>` holds an encoded entry (with its expire time as
//! Redis's TTL); the hash `<prefix>tags` holds every tag's marks; marks
//! are published on `<prefix>invalidate` as `tag\nstale:expired`, and
//! every instance (the sender too) applies them to its memory at once.
//! Every command has 50 ms: a slower or absent Redis is a miss (and a
//! skipped write), logged once per outage; nothing waits for it.

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwapOption;
use bytes::Bytes;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, PushKind, Value};
use tokio::sync::mpsc;

use crate::entry::{Entry, now_ms};
use crate::error::CacheError;
use crate::outage::Outage;
use crate::tags::Marks;

/// Longest a command may take before it counts as a miss.
pub const COMMAND_TIMEOUT: Duration = Duration::from_millis(50);

/// What to do with a tag's marks, from another instance or a reload.
pub type OnMarks = Arc<dyn Fn(&str, Marks) + Send + Sync>;

/// The Redis store.
pub struct RedisStore {
  prefix: String,
  connection: ArcSwapOption<ConnectionManager>,
  outage: Outage,
}

impl std::fmt::Debug for RedisStore {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.debug_struct("RedisStore")
      .field("prefix", &self.prefix)
      .field("connected", &self.connection.load().is_some())
      .finish_non_exhaustive()
  }
}

impl RedisStore {
  /// A store on `url` (`redis://host:port/db`), keys under `prefix`.
  /// Connects in the background (and keeps trying): until it is
  /// connected, reads miss and writes are skipped. `on_marks` gets every
  /// tag's marks now and after each reconnect, and each invalidation as it
  /// is published. Must be called within a tokio runtime.
  pub fn connect(
    url: &str,
    prefix: &str,
    on_marks: OnMarks,
  ) -> Result<Arc<RedisStore>, CacheError> {
    let fail = |message: String| CacheError::RedisUrl {
      url: url.to_owned(),
      message,
    };
    // RESP3: invalidations arrive as pushes on the manager's connection.
    let resp3 = if url.contains("protocol=") {
      url.to_owned()
    } else if url.contains('?') {
      format!("{url}&protocol=resp3")
    } else {
      format!("{url}?protocol=resp3")
    };
    let client =
      redis::Client::open(resp3.as_str()).map_err(|e| fail(e.to_string()))?;
    let store = Arc::new(RedisStore {
      prefix: prefix.to_owned(),
      connection: ArcSwapOption::empty(),
      outage: Outage::default(),
    });
    tokio::spawn(run(client, Arc::downgrade(&store), on_marks));
    Ok(store)
  }

  fn entry_key(&self, key: &str) -> String {
    format!("{}e:{key}", self.prefix)
  }

  fn tags_key(&self) -> String {
    format!("{}tags", self.prefix)
  }

  fn channel(&self) -> String {
    format!("{}invalidate", self.prefix)
  }

  /// Runs `command` on the connection within [`COMMAND_TIMEOUT`]; `None`
  /// (and the outage noted) when there is no connection, it fails or it
  /// is slow.
  async fn run<T, F, Fut>(&self, command: F) -> Option<T>
  where
    F: FnOnce(ConnectionManager) -> Fut,
    Fut: std::future::Future<Output = redis::RedisResult<T>>,
  {
    let Some(connection) = self.connection.load_full() else {
      self.outage.failed("redis", &"not connected");
      return None;
    };
    match tokio::time::timeout(COMMAND_TIMEOUT, command((*connection).clone()))
      .await
    {
      Ok(Ok(value)) => {
        self.outage.succeeded("redis");
        Some(value)
      }
      Ok(Err(error)) => {
        self.outage.failed("redis", &error);
        None
      }
      Err(_) => {
        self.outage.failed("redis", &"no answer within 50 ms");
        None
      }
    }
  }

  /// The entry under `key`, if Redis has a whole one.
  pub async fn get(&self, key: &str) -> Option<Entry> {
    let key = self.entry_key(key);
    let bytes: Option<Vec<u8>> = self
      .run(|mut c| async move { c.get(key).await })
      .await
      .flatten();
    Entry::decode(Bytes::from(bytes?))
  }

  /// Stores `entry` under `key`, with its expire time as its TTL.
  pub async fn set(&self, key: &str, entry: &Entry) {
    let key = self.entry_key(key);
    let bytes = entry.encode().to_vec();
    let ttl = entry.time_to_live(now_ms());
    self
      .run(|mut c| async move {
        match ttl {
          Some(ttl) => {
            let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
            c.pset_ex::<_, _, ()>(key, bytes, ms).await
          }
          None => c.set::<_, _, ()>(key, bytes).await,
        }
      })
      .await;
  }

  /// Records `marks` for `tag` and tells every instance.
  pub async fn mark(&self, tag: &str, marks: Marks) {
    let (tags, channel) = (self.tags_key(), self.channel());
    let (tag, text) = (tag.to_owned(), marks.encode());
    let message = format!("{tag}\n{text}");
    self
      .run(|mut c| async move {
        redis::pipe()
          .hset(tags, tag, text)
          .ignore()
          .publish(channel, message)
          .ignore()
          .query_async::<()>(&mut c)
          .await
      })
      .await;
  }

  /// Whether the last command failed (for tests and metrics).
  pub fn is_down(&self) -> bool {
    self.outage.is_down()
  }
}

/// Connects (retrying every second until it can), subscribes, reads every
/// tag's marks, then applies the invalidations pushed to it; after a
/// disconnect (the manager reconnects and resubscribes by itself) reads
/// the marks again, to catch what was published meanwhile.
async fn run(
  client: redis::Client,
  store: std::sync::Weak<RedisStore>,
  on_marks: OnMarks,
) {
  let (tx, mut pushes) = mpsc::unbounded_channel();
  let config = ConnectionManagerConfig::new()
    .set_push_sender(tx)
    .set_automatic_resubscription()
    .set_connection_timeout(Some(Duration::from_secs(1)))
    .set_response_timeout(Some(Duration::from_secs(1)))
    .set_max_delay(Duration::from_secs(2));
  let (mut manager, channel, tags_key) = loop {
    let Some(live) = store.upgrade() else { return };
    match ConnectionManager::new_with_config(client.clone(), config.clone())
      .await
    {
      Ok(mut manager) => match manager.subscribe(live.channel()).await {
        Ok(()) => {
          live.outage.succeeded("redis");
          break (manager, live.channel(), live.tags_key());
        }
        Err(error) => live.outage.failed("redis", &error),
      },
      Err(error) => live.outage.failed("redis", &error),
    }
    drop(live);
    tokio::time::sleep(Duration::from_secs(1)).await;
  };
  let _ = channel;
  let mut reload = true;
  loop {
    if reload {
      let all: redis::RedisResult<std::collections::HashMap<String, String>> =
        manager.hgetall(&tags_key).await;
      if let Ok(all) = all {
        for (tag, marks) in all {
          if let Some(marks) = Marks::decode(&marks) {
            on_marks(&tag, marks);
          }
        }
        reload = false;
      }
      let Some(live) = store.upgrade() else { return };
      live.connection.store(Some(Arc::new(manager.clone())));
    }
    let next = if reload {
      // The marks could not be read yet: try again shortly.
      tokio::time::timeout(Duration::from_millis(500), pushes.recv())
        .await
        .ok()
    } else {
      Some(pushes.recv().await)
    };
    if store.strong_count() == 0 {
      return;
    }
    match next {
      None => {}
      Some(None) => return,
      Some(Some(push)) => match push.kind {
        PushKind::Disconnection => reload = true,
        PushKind::Message => {
          if let Some((tag, marks)) = parse_message(&push.data) {
            on_marks(&tag, marks);
          }
        }
        _ => {}
      },
    }
  }
}

/// `[channel, "tag\nstale:expired"]` of a pushed message.
fn parse_message(data: &[Value]) -> Option<(String, Marks)> {
  let payload: String = redis::from_redis_value_ref(data.get(1)?).ok()?;
  let (tag, marks) = payload.split_once('\n')?;
  Some((tag.to_owned(), Marks::decode(marks)?))
}
