//! One thread per app watching every isolate: stops JS that uses more CPU
//! time than its limit without yielding, retires isolates idle past their TTL, and retires the least
//! recently used idle isolates while the app is over its memory cap. It
//! also keeps the app-wide isolate count under its cap: every isolate
//! thread, the spare and retired isolates still draining included, is
//! counted by a [`Reservation`] from before it starts until the thread has
//! been joined.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::Notify;

use super::control::{IsolateControl, now_nanos};
use super::slot::IsolateSlot;

/// How often CPU use is checked: the precision of the CPU limit.
const CPU_TICK: Duration = Duration::from_millis(5);
/// A turn this long would stall the other work of a core thread: its
/// route's requests go to isolate threads of their own from then on.
pub(crate) const BLOCKING_TURN: Duration = Duration::from_millis(10);
/// How often idle and memory retirement run, in CPU ticks.
const RETIRE_EVERY_TICKS: u32 = 50;

/// The app-wide view of isolates.
#[derive(Debug)]
pub struct Supervisor {
  slots: Mutex<Vec<Weak<IsolateSlot>>>,
  /// Isolate threads, the room each holds and its control, until joined.
  threads: Mutex<Vec<IsolateThread>>,
  /// Isolates retired to make room under the cap, until their threads are
  /// joined (their room given back).
  evicted: Mutex<Vec<Arc<IsolateControl>>>,
  live: AtomicUsize,
  /// Signalled when a reservation ends (an isolate thread exited).
  room: Notify,
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
      evicted: Mutex::new(Vec::new()),
      threads: Mutex::new(Vec::new()),
      live: AtomicUsize::new(0),
      room: Notify::new(),
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

  /// Claims room for one more isolate. At the app's cap it retires the
  /// least recently used idle isolate of any route and answers `None`:
  /// the room is there once that isolate's thread has ended
  /// ([`Supervisor::room_freed`]). `None` too when every isolate is busy.
  pub fn reserve(self: &Arc<Self>) -> Option<Reservation> {
    if let Some(reservation) = self.try_reserve() {
      return Some(reservation);
    }
    let mut evicted = self.lock_evicted();
    if !evicted.is_empty() {
      // An isolate retired for room is still ending: that room is the
      // caller's to wait for (a wake-up before it ends must not retire
      // another).
      return None;
    }
    if let Some(victim) = self.least_recently_used_idle() {
      evicted.push(victim.control_handle());
      tracing::info!(
        route = %victim.route(),
        "retiring the least recently used idle isolate: {} isolates is the cap",
        self.max_isolates
      );
      victim.retire();
    }
    None
  }

  /// Claims room for one more isolate if the app is below its cap.
  pub fn try_reserve(self: &Arc<Self>) -> Option<Reservation> {
    let mut live = self.live.load(Ordering::Acquire);
    while live < self.max_isolates {
      match self.live.compare_exchange(
        live,
        live + 1,
        Ordering::AcqRel,
        Ordering::Acquire,
      ) {
        Ok(_) => {
          return Some(Reservation {
            supervisor: Arc::downgrade(self),
          });
        }
        Err(now) => live = now,
      }
    }
    None
  }

  /// Resolves when an isolate thread has ended since it was created (to
  /// be enabled before looking at the count, so that no ending is missed).
  pub fn room_freed(&self) -> tokio::sync::futures::Notified<'_> {
    self.room.notified()
  }

  /// Tracks a started isolate.
  pub fn register(&self, slot: &Arc<IsolateSlot>) {
    let mut slots = self.lock_slots();
    slots.retain(|s| s.strong_count() > 0);
    slots.push(Arc::downgrade(slot));
  }

  fn lock_slots(&self) -> std::sync::MutexGuard<'_, Vec<Weak<IsolateSlot>>> {
    lock(&self.slots)
  }

  /// Holds `room` until `thread` has ended and been joined; for an
  /// isolate on a core thread (no thread of its own), until its task has
  /// ended.
  pub(crate) fn adopt(
    &self,
    thread: Option<std::thread::JoinHandle<()>>,
    room: Reservation,
    control: Arc<IsolateControl>,
  ) {
    lock(&self.threads).push((thread, room, control));
  }

  /// Joins the isolate threads that have ended, giving back their room.
  fn reap(&self) {
    let ended: Vec<_> = {
      let mut threads = lock(&self.threads);
      let (ended, running) =
        threads
          .drain(..)
          .partition(|(thread, _, control)| match thread {
            Some(thread) => thread.is_finished(),
            None => control.has_ended(),
          });
      *threads = running;
      ended
    };
    for (thread, room, control) in ended {
      // A panic on that thread was logged where it happened.
      if let Some(thread) = thread {
        let _ = thread.join();
      }
      drop(room);
      // Its room is free: an isolate evicted for it no longer holds back
      // the next eviction.
      lock(&self.evicted).retain(|evicted| !Arc::ptr_eq(evicted, &control));
    }
  }

  fn lock_evicted(
    &self,
  ) -> std::sync::MutexGuard<'_, Vec<Arc<IsolateControl>>> {
    lock(&self.evicted)
  }

  /// Notes how much the app's stored answers hold now.
  pub fn set_cached_bytes(&self, bytes: usize) {
    self.cached.store(bytes, Ordering::Relaxed);
  }

  /// Isolate threads across the app (and isolates about to start).
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

/// An isolate as the supervisor holds it until its thread is joined (or,
/// on a core thread, its task has ended).
type IsolateThread = (
  Option<std::thread::JoinHandle<()>>,
  Reservation,
  Arc<IsolateControl>,
);

/// Room for one isolate under the app's cap: taken before the isolate
/// starts, handed with its thread to [`Supervisor::adopt`], given back
/// once the thread is joined (or when the isolate never started).
#[derive(Debug)]
pub struct Reservation {
  supervisor: Weak<Supervisor>,
}

impl Reservation {
  /// The supervisor counting this room, while the app lives.
  pub(crate) fn supervisor(&self) -> Option<Arc<Supervisor>> {
    self.supervisor.upgrade()
  }
}

impl Drop for Reservation {
  fn drop(&mut self) {
    if let Some(supervisor) = self.supervisor.upgrade() {
      supervisor.live.fetch_sub(1, Ordering::AcqRel);
      supervisor.room.notify_waiters();
    }
  }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
  // A panic elsewhere must not leave isolates uncounted.
  mutex
    .lock()
    .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn watch(supervisor: &Weak<Supervisor>) {
  let mut tick: u32 = 0;
  loop {
    std::thread::sleep(CPU_TICK);
    let Some(supervisor) = supervisor.upgrade() else {
      return;
    };
    supervisor.reap();
    let now = now_nanos();
    for slot in supervisor.snapshot() {
      slot.control().check_cpu(now);
      slot.check_turn(now, BLOCKING_TURN);
    }
    tick = tick.wrapping_add(1);
    if tick.is_multiple_of(RETIRE_EVERY_TICKS) {
      supervisor.retire_idle_and_over_memory();
    }
  }
}
