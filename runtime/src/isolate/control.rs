//! What the server, the pool and the supervisor know about one running
//! isolate, shared with its thread: is JS running and since when, how much
//! heap it holds, which limit it broke, whether it is gone.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use deno_core::v8;

/// A limit an isolate broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
  /// JS ran this long without yielding.
  Cpu(Duration),
  /// The V8 heap reached this many bytes.
  Heap(usize),
}

impl std::fmt::Display for Breach {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    match self {
      Breach::Cpu(limit) => write!(
        f,
        "CPU limit exceeded: JS ran {} ms without yielding",
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
  /// When the current event-loop turn began; 0 while idle.
  turn_started: AtomicU64,
  /// Longest a turn may last.
  cpu_limit: Duration,
  /// Heap in use at the last sample, bytes.
  heap_used: AtomicUsize,
  breach: Mutex<Option<Breach>>,
  /// Set with the breach: takes no more requests.
  stopping: AtomicBool,
  dead: AtomicBool,
  handle: OnceLock<v8::IsolateHandle>,
}

impl IsolateControl {
  /// Control for an isolate held to `cpu_limit` per turn.
  pub fn new(cpu_limit: Duration) -> Self {
    Self {
      turn_started: AtomicU64::new(0),
      cpu_limit,
      heap_used: AtomicUsize::new(0),
      breach: Mutex::new(None),
      stopping: AtomicBool::new(false),
      dead: AtomicBool::new(false),
      handle: OnceLock::new(),
    }
  }

  /// Records the handle that can stop the isolate's JS from any thread.
  pub fn set_handle(&self, handle: v8::IsolateHandle) {
    let _ = self.handle.set(handle);
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
    if let Ok(mut slot) = self.breach.lock()
      && slot.is_none()
    {
      *slot = Some(breach);
    }
    self.stopping.store(true, Ordering::Release);
    if let Some(handle) = self.handle.get() {
      handle.terminate_execution();
    }
  }

  /// Terminates the isolate if the current turn outlasted the CPU limit.
  pub fn check_cpu(&self, now: u64) {
    let started = self.turn_started.load(Ordering::Acquire);
    if started == 0 || self.stopping.load(Ordering::Acquire) {
      return;
    }
    let ran = Duration::from_nanos(now.saturating_sub(started));
    if ran > self.cpu_limit {
      self.terminate(Breach::Cpu(self.cpu_limit));
    }
  }

  /// The limit this isolate broke, if any.
  pub fn breach(&self) -> Option<Breach> {
    self.breach.lock().ok().and_then(|b| *b)
  }

  /// The isolate's thread has ended.
  pub fn set_dead(&self) {
    self.dead.store(true, Ordering::Release);
  }

  /// Whether the isolate's thread has ended, or is ending because it
  /// broke a limit.
  pub fn is_dead(&self) -> bool {
    self.dead.load(Ordering::Acquire) || self.stopping.load(Ordering::Acquire)
  }
}
