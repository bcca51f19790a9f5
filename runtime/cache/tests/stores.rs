//! The stores against what they would meet in production: a real Redis
//! (`redis-server` from Debian's package, started here on a free loopback
//! port and stopped afterwards), a real folder.

use std::time::{Duration, Instant};

use bytes::Bytes;
use edgeroute_cache::{Cache, Entry, Invalidation, Lookup};

#[path = "support/redis.rs"]
mod redis_server;
use redis_server::Redis;

fn runtime() -> tokio::runtime::Runtime {
  tokio::runtime::Builder::new_multi_thread()
    .worker_threads(2)
    .enable_all()
    .build()
    .expect("tokio runtime")
}

fn entry(value: &'static str, tags: &[&str]) -> Entry {
  Entry::new(
    Bytes::from_static(value.as_bytes()),
    tags.iter().map(|t| (*t).to_owned()).collect(),
  )
}

/// Polls `get` until it finds what `want` accepts, within `limit`.
async fn eventually(
  cache: &Cache,
  key: &str,
  limit: Duration,
  want: impl Fn(&Lookup) -> bool,
) -> Lookup {
  let deadline = Instant::now() + limit;
  loop {
    let found = cache.get(key).await;
    if want(&found) || Instant::now() > deadline {
      return found;
    }
    tokio::time::sleep(Duration::from_millis(5)).await;
  }
}

fn fresh(value: &str) -> impl Fn(&Lookup) -> bool + '_ {
  move |l| matches!(l, Lookup::Fresh(e) if e.value == value.as_bytes())
}

#[test]
fn two_instances_share_entries_and_invalidations_through_redis() {
  let redis = Redis::start();
  runtime().block_on(async {
    let a = Cache::with_redis(&redis.url(), "t1:", 1 << 20).expect("a");
    let b = Cache::with_redis(&redis.url(), "t1:", 1 << 20).expect("b");
    // Once connected, what one stores the other reads.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
      a.set("/api/posts", entry("v1", &["posts"])).await;
      if b.get("/api/posts").await != Lookup::Miss {
        break;
      }
      assert!(Instant::now() < deadline, "b never read a's entry");
      tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(fresh("v1")(&b.get("/api/posts").await));
    // An instance that starts later (a restart) reads it too.
    let c = Cache::with_redis(&redis.url(), "t1:", 1 << 20).expect("c");
    let found =
      eventually(&c, "/api/posts", Duration::from_secs(10), fresh("v1")).await;
    assert!(fresh("v1")(&found), "{found:?}");

    // An invalidation on a: b's memory copy is gone within 100 ms.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let began = Instant::now();
    a.invalidate("posts", Invalidation::Expired).await;
    let found = eventually(&b, "/api/posts", Duration::from_millis(100), |l| {
      *l == Lookup::Miss
    })
    .await;
    assert_eq!(
      found,
      Lookup::Miss,
      "b still had it {:?} after",
      began.elapsed()
    );
    assert_eq!(a.get("/api/posts").await, Lookup::Miss);
    // Stale marks: served stale elsewhere.
    a.set("/api/other", entry("o1", &["other"])).await;
    let _ =
      eventually(&b, "/api/other", Duration::from_secs(2), fresh("o1")).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    b.invalidate("other", Invalidation::Stale { expire: None })
      .await;
    let found = eventually(&a, "/api/other", Duration::from_millis(100), |l| {
      matches!(l, Lookup::Stale(_))
    })
    .await;
    assert!(matches!(found, Lookup::Stale(_)), "{found:?}");
    // Keys under another prefix are another cache.
    let other = Cache::with_redis(&redis.url(), "t2:", 1 << 20).expect("other");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(other.get("/api/other").await, Lookup::Miss);
  });
}

#[test]
fn redis_down_or_gone_is_memory_alone_until_it_is_back() {
  let mut redis = Redis::start();
  runtime().block_on(async {
    let a = Cache::with_redis(&redis.url(), "down:", 1 << 20).expect("a");
    let b = Cache::with_redis(&redis.url(), "down:", 1 << 20).expect("b");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
      a.set("k", entry("v1", &[])).await;
      if b.get("k").await != Lookup::Miss {
        break;
      }
      assert!(Instant::now() < deadline, "never connected");
      tokio::time::sleep(Duration::from_millis(50)).await;
    }
    redis.kill();
    // Reads and writes go on from memory, each within the command timeout.
    for i in 0..20 {
      let began = Instant::now();
      assert!(fresh("v1")(&a.get("k").await));
      a.set(&format!("n{i}"), entry("n", &[])).await;
      assert!(fresh("n")(&a.get(&format!("n{i}")).await));
      assert_eq!(b.get(&format!("missing{i}")).await, Lookup::Miss);
      assert!(
        began.elapsed() < Duration::from_millis(500),
        "{:?}",
        began.elapsed()
      );
    }
    assert!(a.shared_store_down());
    // Back: writes reach the other instance again, by themselves.
    redis.spawn();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
      a.set("after", entry("v2", &[])).await;
      if fresh("v2")(&b.get("after").await) {
        break;
      }
      assert!(
        Instant::now() < deadline,
        "no recovery after redis came back"
      );
      tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!a.shared_store_down());
  });
}

#[test]
fn disk_entries_and_tags_survive_a_restart() {
  let dir = std::env::temp_dir()
    .join(format!("edgeroute-cache-disk-{}", std::process::id()));
  let _ = std::fs::remove_dir_all(&dir);
  runtime().block_on(async {
    let first = Cache::on_disk(&dir, 1 << 20).expect("open");
    first.set("/a", entry("a1", &["a"])).await;
    first.set("/b", entry("b1", &["b"])).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    first
      .invalidate("b", Invalidation::Stale { expire: None })
      .await;
    drop(first);
    let second = Cache::on_disk(&dir, 1 << 20).expect("reopen");
    assert!(fresh("a1")(&second.get("/a").await));
    assert!(
      matches!(second.get("/b").await, Lookup::Stale(e) if e.value == "b1")
    );
    // A file that does not decode is a miss.
    for file in std::fs::read_dir(dir.join("entries")).expect("entries") {
      std::fs::write(file.expect("file").path(), b"torn").expect("write");
    }
    let third = Cache::on_disk(&dir, 1 << 20).expect("reopen");
    assert_eq!(third.get("/a").await, Lookup::Miss);
  });
  let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn memory_is_bounded_by_bytes() {
  runtime().block_on(async {
    let cache = Cache::in_memory(64 * 1024);
    static KB: [u8; 1024] = [b'x'; 1024];
    for i in 0..1000 {
      cache
        .set(
          &format!("k{i}"),
          Entry::new(Bytes::from_static(&KB), vec![]),
        )
        .await;
    }
    let mut held = 0;
    for i in 0..1000 {
      if cache.get(&format!("k{i}")).await != Lookup::Miss {
        held += 1;
      }
    }
    assert!(
      held > 0 && held <= 64,
      "{held} of 1000 1 KiB entries held in 64 KiB"
    );
  });
}
