//! Many instances, one data cache: two `edgeroute serve --cache redis://..`
//! processes in front of a real Redis (Debian's `redis-server`, on a free
//! loopback port) share `unstable_cache` entries and tag invalidations; a
//! restarted instance finds the entries; Redis going away mid-load fails
//! no request, and sharing resumes once it is back.
//!
//! Prerendered answers follow the shared tag invalidations too: a
//! `revalidatePath` or `revalidateTag` on one instance reaches the stored
//! answers of the others.
//!
//! Fixtures: `test-apps/cache-data` (its routes' cached function counts its
//! real runs on the fixture's counter service: `n` is how often it ran) and
//! `test-apps/isr` (prerendered routes on the same counter).

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::process::{Running, edgeroute};
use crate::common::raw_request;
use crate::common::redis::Redis;
use crate::common::services::Services;

const APP: &str = "test-apps/cache-data";

fn instance(redis: &Redis, services: &Services) -> Running {
  instance_of(APP, redis, services)
}

fn instance_of(app: &str, redis: &Redis, services: &Services) -> Running {
  serve(app, &redis.url(), services)
}

/// `edgeroute serve <app> --cache <cache>` with the services' environment.
fn serve(app: &str, cache: &str, services: &Services) -> Running {
  let mut command = edgeroute(&[
    "serve",
    app,
    "--hostname",
    "127.0.0.1",
    "--port",
    "0",
    "--cache",
    cache,
  ]);
  for (name, value) in &services.env {
    command.env(name, value);
  }
  Running::spawn(command)
}

/// How many clients Redis has: each instance holds one connection.
fn redis_clients(redis: &Redis) -> usize {
  let port = redis.url();
  let output = Command::new("redis-cli")
    .args(["-u", &port, "client", "list"])
    .output()
    .expect("redis-cli (Debian's redis-tools) runs");
  // redis-cli itself is one of them.
  String::from_utf8_lossy(&output.stdout)
    .lines()
    .filter(|line| !line.contains("cmd=client"))
    .count()
}

fn wait_for_clients(redis: &Redis, count: usize) {
  let deadline = Instant::now() + Duration::from_secs(15);
  while redis_clients(redis) < count {
    assert!(
      Instant::now() < deadline,
      "{count} instances did not connect to Redis within 15 s"
    );
    std::thread::sleep(Duration::from_millis(50));
  }
}

/// How often the cached function had run when `server` answered for `name`.
fn runs(server: &Running, name: &str) -> u64 {
  let answer =
    raw_request(server.addr, "GET", &format!("/data?name={name}"), &[], None);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
  body["n"].as_u64().expect("n")
}

fn post(server: &Running, path: &str) {
  let answer = raw_request(server.addr, "POST", path, &[], Some(b""));
  assert_eq!(answer.status, 200, "{}", answer.text());
}

#[test]
fn instances_share_entries_and_invalidations_through_redis() {
  let mut redis = Redis::start();
  let services = Services::start("cache-data");
  let mut a = instance(&redis, &services);
  let b = instance(&redis, &services);
  wait_for_clients(&redis, 2);

  // An entry one instance stores, the other reads.
  assert_eq!(runs(&a, "a"), 1);
  assert_eq!(runs(&b, "a"), 1, "b read a's entry");

  // An invalidation one makes, the other applies at once.
  post(&a, "/revalidate?tag=items&expire=0");
  std::thread::sleep(Duration::from_millis(100));
  assert_eq!(
    runs(&b, "a"),
    2,
    "b missed within 100 ms of a's revalidateTag"
  );
  assert_eq!(runs(&a, "a"), 2, "and a reads b's new entry");

  // A restarted instance finds the entries.
  a.sigterm();
  a.wait_exit(Duration::from_secs(10));
  let a = instance(&redis, &services);
  wait_for_clients(&redis, 2);
  assert_eq!(runs(&a, "a"), 2, "the entry outlived the instance");

  // Redis killed mid-load: every request is still answered.
  let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
  let load: Vec<_> = (0..8)
    .map(|i| {
      let addr = a.addr;
      let stop = stop.clone();
      std::thread::spawn(move || {
        let mut answered = 0u32;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
          let path = format!("/data?name=load{}", answered % 4 + i * 4);
          let answer = raw_request(addr, "GET", &path, &[], None);
          assert_eq!(answer.status, 200, "{path}: {}", answer.text());
          answered += 1;
        }
        answered
      })
    })
    .collect();
  std::thread::sleep(Duration::from_millis(700));
  redis.kill();
  std::thread::sleep(Duration::from_millis(1500));
  stop.store(true, std::sync::atomic::Ordering::Relaxed);
  let answered: u32 = load
    .into_iter()
    .map(|thread| thread.join().expect("no request failed"))
    .sum();
  assert!(answered > 50, "only {answered} requests during the outage");
  assert!(
    a.stderr().contains("redis unavailable"),
    "the outage is logged:\n{}",
    a.stderr()
  );

  // Back: sharing resumes (the new Redis is empty).
  redis.spawn();
  wait_for_clients(&redis, 2);
  let first = runs(&a, "after");
  assert_eq!(runs(&b, "after"), first, "b reads a's entry again");
}

/// `/tagged` of test-apps/isr on `server`: its `x-nextjs-cache` and `n`.
fn tagged(server: &Running) -> (String, u64) {
  let answer = raw_request(server.addr, "GET", "/tagged", &[], None);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
  let state = answer.header("x-nextjs-cache").unwrap_or("none").to_owned();
  (state, body["n"].as_u64().expect("n"))
}

#[test]
fn an_invalidation_on_one_instance_reaches_the_stored_answers_of_the_others() {
  let redis = Redis::start();
  let services = Services::start("isr");
  let a = instance_of("test-apps/isr", &redis, &services);
  let b = instance_of("test-apps/isr", &redis, &services);
  wait_for_clients(&redis, 2);
  let (state, before) = tagged(&b);
  assert_eq!(state, "HIT", "built at startup");
  for (how, path) in [
    ("revalidatePath", "/revalidate?path=/tagged"),
    ("revalidateTag", "/revalidate?tag=counted&expire=0"),
  ] {
    let (_, seen) = tagged(&b);
    post(&a, path);
    std::thread::sleep(Duration::from_millis(100));
    let (state, n) = tagged(&b);
    assert_eq!(state, "MISS", "b rendered again within 100 ms of a's {how}");
    assert!(n > seen && n > before, "{how}: the fetch ran again ({n})");
    assert_eq!(tagged(&b), ("HIT".to_owned(), n), "{how}: and stored it");
  }
}

/// The Redis the fixture's services started (`REDIS_URL`).
fn services_redis(services: &Services) -> String {
  services
    .env
    .iter()
    .find(|(k, _)| k == "REDIS_URL")
    .map(|(_, v)| v.clone())
    .expect("the services give REDIS_URL")
}

/// How many keys of Redis at `url` match `pattern`.
fn redis_keys(url: &str, pattern: &str) -> usize {
  let output = Command::new("redis-cli")
    .args(["-u", url, "--scan", "--pattern", pattern])
    .output()
    .expect("redis-cli (Debian's redis-tools) runs");
  String::from_utf8_lossy(&output.stdout).lines().count()
}

/// `n` of the cached function on `server` for `name`, in test-apps/cache-handler.
fn handler_runs(server: &Running, name: &str) -> u64 {
  let answer =
    raw_request(server.addr, "GET", &format!("/data?name={name}"), &[], None);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
  body["n"].as_u64().expect("n")
}

#[test]
fn instances_share_entries_through_an_npm_cache_handler() {
  // next.config's cacheHandler is @fortedigital/nextjs-cache-handler on the
  // fixture's own Redis; edgeroute's own cache is memory alone, so what one
  // instance sees of the other's entries came through the npm handler.
  crate::common::require_node_modules("test-apps/cache-handler");
  let services = Services::start("cache-handler");
  let a = serve("test-apps/cache-handler", "memory", &services);
  let b = serve("test-apps/cache-handler", "memory", &services);
  assert_eq!(handler_runs(&a, "shared"), 1);
  assert_eq!(handler_runs(&b, "shared"), 1, "b read a's entry from Redis");
  let redis_url = &services_redis(&services);
  let keys = redis_keys(redis_url, "fixture:*");
  assert!(
    keys >= 2,
    "the handler's entries are in Redis ({keys} keys)"
  );
  post(&a, "/revalidate?tag=items");
  assert_eq!(handler_runs(&b, "shared"), 2, "a's revalidateTag reached b");

  // Redis stalls for 3 s: requests are answered (the function runs) in
  // far less, and the stall is logged once.
  let stall = Command::new("redis-cli")
    .args(["-u", redis_url, "client", "pause", "3000", "ALL"])
    .spawn()
    .expect("redis-cli runs");
  std::thread::sleep(Duration::from_millis(200));
  for i in 0..5 {
    let started = Instant::now();
    assert!(handler_runs(&a, &format!("stalled{i}")) >= 1);
    assert!(
      started.elapsed() < Duration::from_millis(1500),
      "answered in {:?} while Redis stalled",
      started.elapsed()
    );
  }
  let log = a.stderr();
  assert_eq!(
    log.matches("serving without it").count(),
    1,
    "the stall is logged once:\n{log}"
  );
  let _ = { stall }.wait();
  std::thread::sleep(Duration::from_millis(3000));
  // Back: entries are shared again.
  assert_eq!(handler_runs(&a, "after-stall"), 1);
  assert_eq!(handler_runs(&b, "after-stall"), 1, "sharing resumed");
}

#[test]
fn instances_share_use_cache_entries_through_cache_handlers() {
  // 'use cache: remote' goes to test-apps/cache-handlers' own handler
  // module on Redis; edgeroute's own cache is memory alone.
  crate::common::require_node_modules("test-apps/cache-handlers");
  let services = Services::start("cache-handlers");
  let a = serve("test-apps/cache-handlers", "memory", &services);
  let b = serve("test-apps/cache-handlers", "memory", &services);
  let remote = |server: &Running| {
    let answer =
      raw_request(server.addr, "GET", "/remote", &[("x-name", "shared")], None);
    assert_eq!(answer.status, 200, "{}", answer.text());
    let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
    body["n"].as_u64().expect("n")
  };
  assert_eq!(remote(&a), 1);
  assert_eq!(remote(&b), 1, "b read a's entry through the handler");
  let redis_url = &services_redis(&services);
  assert!(
    redis_keys(redis_url, "use-cache:entry:*") > 0,
    "the entry is the handler's, in Redis"
  );
  post(&b, "/revalidate?tag=remote");
  assert_eq!(remote(&a), 2, "b's revalidateTag reached a (updateTags)");
}
