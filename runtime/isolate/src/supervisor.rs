//! One thread per app watching every isolate: stops JS that uses more CPU
//! time than its limit without yielding, retires isolates idle past their TTL, and retires the least
//! recently used idle isolates while the app is over its memory cap. It
//! also keeps the app-wide isolate count under its cap.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use super::control::now_nanos;
use super::slot::IsolateSlot;

/// How often CPU use is checked: the precision of the CPU limit.
const CPU_TICK: Duration = Duration::from_millis(5);
/// How often idle and memory retirement run, in CPU ticks.
const RETIRE_EVERY_TICKS: u32 = 50;

/// The app-wide view of isolates.
#[derive(Debug)]
pub struct Supervisor {
  slots: Mutex<Vec<Weak<IsolateSlot>>>,
  live: AtomicUsize,
  max_isolates: usize,
  max_memory: usize,
  /// Memory the app holds outside isolates (stored answers), counted
  /// against `max_memory` with the isolates' heaps.
  cached: AtomicUsize,
}

impl Supervisor {
  /// A supervisor with its watching thread; the thread ends once the
  /// supervisor is dropped.
  pub fn start(
    max_isolates: usize,
    max_memory: usize,
  ) -> std::io::Result<Arc<Supervisor>> {
    let supervisor = Arc::new(Supervisor {
      slots: Mutex::new(Vec::new()),
      live: AtomicUsize::new(0),
      max_isolates: max_isolates.max(1),
      max_memory,
      cached: AtomicUsize::new(0),
    });
    let weak = Arc::downgrade(&supervisor);
    std::thread::Builder::new()
      .name("isolate supervisor".to_owned())
      .spawn(move || watch(&weak))?;
    Ok(supervisor)
  }

  /// Claims room for one more isolate, retiring the least recently used
  /// idle isolate of any route when the app is at its cap. `false` when
  /// every isolate is busy.
  pub fn reserve(&self) -> bool {
    loop {
      let live = self.live.load(Ordering::Acquire);
      if live < self.max_isolates {
        if self
          .live
          .compare_exchange(live, live + 1, Ordering::AcqRel, Ordering::Acquire)
          .is_ok()
        {
          return true;
        }
        continue;
      }
      match self.least_recently_used_idle() {
        Some(victim) => {
          tracing::info!(
            route = %victim.route(),
            "retiring the least recently used idle isolate: {} isolates is the cap",
            self.max_isolates
          );
          victim.retire();
        }
        None => return false,
      }
    }
  }

  /// Gives back a reservation that did not become a live isolate.
  pub fn release(&self) {
    self.live.fetch_sub(1, Ordering::AcqRel);
  }

  /// Tracks a started isolate.
  pub fn register(&self, slot: &Arc<IsolateSlot>) {
    let mut slots = self.lock_slots();
    slots.retain(|s| s.strong_count() > 0);
    slots.push(Arc::downgrade(slot));
  }

  fn lock_slots(&self) -> std::sync::MutexGuard<'_, Vec<Weak<IsolateSlot>>> {
    // A panic elsewhere must not leave isolates unwatched.
    self
      .slots
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Notes how much the app's stored answers hold now.
  pub fn set_cached_bytes(&self, bytes: usize) {
    self.cached.store(bytes, Ordering::Relaxed);
  }

  /// Live isolates across the app.
  pub fn live(&self) -> usize {
    self.live.load(Ordering::Acquire)
  }

  fn snapshot(&self) -> Vec<Arc<IsolateSlot>> {
    self.lock_slots().iter().filter_map(Weak::upgrade).collect()
  }

  fn least_recently_used_idle(&self) -> Option<Arc<IsolateSlot>> {
    self
      .snapshot()
      .into_iter()
      .filter(|s| s.is_idle())
      .min_by_key(|s| s.last_used())
  }

  fn retire_idle_and_over_memory(&self) {
    let slots = self.snapshot();
    for slot in &slots {
      if slot.idle_past_ttl() {
        tracing::debug!(route = %slot.route(), "retiring an idle isolate");
        slot.retire_if_above_min();
      }
    }
    let mut used: usize = slots
      .iter()
      .filter(|s| s.is_live())
      .map(|s| s.heap_used())
      .sum::<usize>()
      + self.cached.load(Ordering::Relaxed);
    if used <= self.max_memory {
      return;
    }
    let mut idle: Vec<&Arc<IsolateSlot>> =
      slots.iter().filter(|s| s.is_idle()).collect();
    idle.sort_by_key(|s| s.last_used());
    for slot in idle {
      if used <= self.max_memory {
        break;
      }
      tracing::info!(
        route = %slot.route(),
        "retiring an idle isolate: isolates hold {} MiB, the cap is {} MiB",
        used >> 20,
        self.max_memory >> 20
      );
      used = used.saturating_sub(slot.heap_used());
      slot.retire();
    }
  }
}

fn watch(supervisor: &Weak<Supervisor>) {
  let mut tick: u32 = 0;
  loop {
    std::thread::sleep(CPU_TICK);
    let Some(supervisor) = supervisor.upgrade() else {
      return;
    };
    let now = now_nanos();
    for slot in supervisor.snapshot() {
      slot.control().check_cpu(now);
    }
    tick = tick.wrapping_add(1);
    if tick.is_multiple_of(RETIRE_EVERY_TICKS) {
      supervisor.retire_idle_and_over_memory();
    }
  }
}
