//! What the pool and the supervisor know about one running isolate,
//! shared with its thread: is JS running and since when, how much heap it
//! holds, which limit it broke, whether it is gone.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use deno_core::v8;

use super::cpu::ThreadCpuClock;

/// A limit an isolate broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
  /// JS used this much CPU time without yielding.
  Cpu(Duration),
  /// The V8 heap reached this many bytes.
  Heap(usize),
}

impl std::fmt::Display for Breach {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    match self {
      Breach::Cpu(limit) => write!(
        f,
        "CPU limit exceeded: JS used {} ms of CPU time without yielding",
        limit.as_millis()
      ),
      Breach::Heap(limit) => {
        write!(f, "heap limit exceeded: {} MiB", limit >> 20)
      }
    }
  }
}

/// Nanoseconds since the first call, process-wide (0 means "not set").
pub fn now_nanos() -> u64 {
  static BASE: OnceLock<Instant> = OnceLock::new();
  let base = *BASE.get_or_init(Instant::now);
  u64::try_from(base.elapsed().as_nanos())
    .unwrap_or(u64::MAX)
    .max(1)
}

/// Shared state of one isolate.
#[derive(Debug)]
pub struct IsolateControl {
  /// When the current event-loop turn began; 0 while idle. It also names
  /// the turn for the supervisor.
  turn_started: AtomicU64,
  /// Most CPU time a turn may use.
  cpu_limit: Duration,
  /// The isolate thread's CPU clock, set once the thread runs.
  cpu_clock: OnceLock<ThreadCpuClock>,
  /// The supervisor's first look at the current turn: which turn, and the
  /// thread's CPU time then. Only the supervisor thread touches it.
  watched_turn: Mutex<Option<(u64, Duration)>>,
  /// Heap in use at the last sample, bytes.
  heap_used: AtomicUsize,
  breach: Mutex<Option<Breach>>,
  /// Set with the breach: takes no more requests.
  stopping: AtomicBool,
  /// Its pool sends it no more requests: it ends once drained.
  retired: AtomicBool,
  /// Its route module has loaded: a long turn from now on is the route's
  /// doing, not its boot's.
  serving: AtomicBool,
  dead: AtomicBool,
  handle: OnceLock<v8::IsolateHandle>,
}

impl IsolateControl {
  /// Control for an isolate held to `cpu_limit` of CPU time per turn.
  pub fn new(cpu_limit: Duration) -> Self {
    Self {
      turn_started: AtomicU64::new(0),
      cpu_limit,
      cpu_clock: OnceLock::new(),
      watched_turn: Mutex::new(None),
      heap_used: AtomicUsize::new(0),
      breach: Mutex::new(None),
      stopping: AtomicBool::new(false),
      retired: AtomicBool::new(false),
      serving: AtomicBool::new(false),
      dead: AtomicBool::new(false),
      handle: OnceLock::new(),
    }
  }

  /// Records the handle that can stop the isolate's JS from any thread.
  pub fn set_handle(&self, handle: v8::IsolateHandle) {
    let _ = self.handle.set(handle);
  }

  /// Called on the isolate's thread: from now on its CPU time is what the
  /// CPU limit measures.
  pub fn bind_cpu_clock(&self) {
    if let Some(clock) = ThreadCpuClock::current() {
      let _ = self.cpu_clock.set(clock);
    }
  }

  /// The isolate's thread starts an event-loop turn.
  pub fn turn_began(&self) {
    self.turn_started.store(now_nanos(), Ordering::Release);
  }

  /// The turn ended: JS yielded.
  pub fn turn_ended(&self) {
    self.turn_started.store(0, Ordering::Release);
  }

  /// Notes the heap in use.
  pub fn set_heap_used(&self, bytes: usize) {
    self.heap_used.store(bytes, Ordering::Relaxed);
  }

  /// Heap in use at the last sample.
  pub fn heap_used(&self) -> usize {
    self.heap_used.load(Ordering::Relaxed)
  }

  /// Stops the isolate's JS because of `breach` (first breach wins).
  pub fn terminate(&self, breach: Breach) {
    let mut slot = lock(&self.breach);
    if slot.is_none() {
      *slot = Some(breach);
    }
    drop(slot);
    self.stopping.store(true, Ordering::Release);
    if let Some(handle) = self.handle.get() {
      handle.terminate_execution();
    }
  }

  /// Terminates the isolate if the current turn used more CPU time than
  /// its limit. Called by the supervisor every tick (`now` in process
  /// nanos). The turn's CPU time is counted from the supervisor's first
  /// look at it, so it is short by at most the time until then (one tick,
  /// since wall time bounds CPU time); the clock is only read for turns
  /// that last past a tick, never on the request path. Without a thread
  /// CPU clock, the turn's wall time stands in.
  pub fn check_cpu(&self, now: u64) {
    let started = self.turn_started.load(Ordering::Acquire);
    if started == 0 || self.stopping.load(Ordering::Acquire) {
      return;
    }
    let Some(clock) = self.cpu_clock.get() else {
      let ran = Duration::from_nanos(now.saturating_sub(started));
      if ran > self.cpu_limit {
        self.terminate(Breach::Cpu(self.cpu_limit));
      }
      return;
    };
    let Some(cpu_now) = clock.read() else {
      return;
    };
    let mut watched = lock(&self.watched_turn);
    match *watched {
      Some((turn, cpu_then)) if turn == started => {
        if cpu_now.saturating_sub(cpu_then) > self.cpu_limit {
          drop(watched);
          self.terminate(Breach::Cpu(self.cpu_limit));
        }
      }
      // A turn not seen before: start counting.
      _ => *watched = Some((started, cpu_now)),
    }
  }

  /// The route module has loaded: turns from now on are the route's.
  pub fn set_serving(&self) {
    self.serving.store(true, Ordering::Release);
  }

  /// Whether the route's current turn has run longer than `threshold` of
  /// wall time (`now` in process nanos): a turn that would stall the
  /// other work of a shared thread. Boot and module loading do not count.
  pub fn turn_longer_than(&self, now: u64, threshold: Duration) -> bool {
    let started = self.turn_started.load(Ordering::Acquire);
    started != 0
      && self.serving.load(Ordering::Acquire)
      && Duration::from_nanos(now.saturating_sub(started)) > threshold
  }

  /// The limit this isolate broke, if any.
  pub fn breach(&self) -> Option<Breach> {
    *lock(&self.breach)
  }

  /// The pool retired the isolate (told by the pool's thread; read by the
  /// isolate's, after its inbox closed).
  pub fn set_retired(&self) {
    self.retired.store(true, Ordering::Release);
  }

  /// Whether the pool retired the isolate.
  pub fn is_retired(&self) -> bool {
    self.retired.load(Ordering::Acquire)
  }

  /// The isolate's thread has ended.
  pub fn set_dead(&self) {
    self.dead.store(true, Ordering::Release);
  }

  /// Whether the isolate's thread (or task) has ended.
  pub fn has_ended(&self) -> bool {
    self.dead.load(Ordering::Acquire)
  }

  /// Whether the isolate's thread has ended, or is ending because it
  /// broke a limit.
  pub fn is_dead(&self) -> bool {
    self.dead.load(Ordering::Acquire) || self.stopping.load(Ordering::Acquire)
  }
}

/// A lock that a panic elsewhere does not make unusable: the data it
/// guards (a breach, the supervisor's note of a turn) is valid whatever
/// the panicking thread was doing, as in the pool and the supervisor.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
  mutex
    .lock()
    .unwrap_or_else(std::sync::PoisonError::into_inner)
}
