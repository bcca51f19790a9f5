//! Where a route's isolates run, and which of them a request goes to.
//! A route's pool has one [`Lane`] of isolates on threads of their own,
//! and, with core threads (`--threads per-core`), one lane per core
//! thread. [`Placement`] decides between them: a route's requests go to
//! its own threads until it has shown that its turns are short; then a
//! request arriving on a core thread is run there, never leaving it. A
//! route that runs a long turn (a `while (true) {}`, a CPU-bound handler)
//! goes back to its own threads for good, so it cannot stall the other
//! routes of a core thread again.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use super::factory::IsolateFactory;
use super::slot::{IsolateSlot, SlotOwner};

/// Requests a route answers on its own threads, with no long turn, before
/// its requests run on the core threads they arrive on.
const SHORT_TURNS_TO_MOVE: u64 = 16;

/// What a lane is doing, under its lock.
#[derive(Debug, Default)]
pub(crate) struct LaneState {
  pub slots: Vec<Arc<IsolateSlot>>,
  pub starting: usize,
  pub queued: usize,
}

/// The isolates of one route on one kind of host.
#[derive(Debug)]
pub(crate) struct Lane {
  /// Starts this lane's isolates where they run.
  pub factory: Arc<IsolateFactory>,
  /// Most isolates of the lane.
  pub max: usize,
  /// Isolates kept when idle.
  pub min: usize,
  route: String,
  idle_ttl: Duration,
  state: Mutex<LaneState>,
  /// Signalled when capacity is given back or an isolate started or
  /// ended.
  pub notify: Notify,
  pub started: AtomicU64,
  pub retired: AtomicU64,
  pub from_spare: AtomicU64,
  placement: Arc<Placement>,
  /// Whether this is the lane of the route's own threads (whose answers
  /// count towards moving the route to the core threads).
  own_threads: bool,
}

impl Lane {
  pub(crate) fn new(
    factory: Arc<IsolateFactory>,
    route: &str,
    (min, max): (usize, usize),
    idle_ttl: Duration,
    placement: Arc<Placement>,
    own_threads: bool,
  ) -> Self {
    Self {
      factory,
      max: max.max(1),
      min,
      route: route.to_owned(),
      idle_ttl,
      state: Mutex::new(LaneState::default()),
      notify: Notify::new(),
      started: AtomicU64::new(0),
      retired: AtomicU64::new(0),
      from_spare: AtomicU64::new(0),
      placement,
      own_threads,
    }
  }

  pub(crate) fn lock_state(&self) -> std::sync::MutexGuard<'_, LaneState> {
    self
      .state
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Retires every isolate of the lane (they end once they have answered
  /// what they hold) and forgets them.
  pub(crate) fn retire_all(&self) {
    let slots = std::mem::take(&mut self.lock_state().slots);
    for slot in slots {
      slot.retire();
    }
  }
}

impl SlotOwner for Lane {
  fn route(&self) -> &str {
    &self.route
  }

  fn idle_ttl(&self) -> Duration {
    self.idle_ttl
  }

  fn above_min(&self) -> bool {
    let live = self
      .lock_state()
      .slots
      .iter()
      .filter(|s| s.is_live())
      .count();
    live > self.min
  }

  fn retired(&self) {
    self.retired.fetch_add(1, Ordering::Relaxed);
    self.notify.notify_waiters();
  }

  fn permit_returned(&self) {
    if self.own_threads {
      self.placement.answered();
    }
    self.notify.notify_one();
  }

  fn blocking_turn(&self) {
    self.placement.block(&self.route);
  }
}

/// Which lane a route's requests go to.
#[derive(Debug, Default)]
pub(crate) struct Placement {
  /// Whether the app has core threads (otherwise there is nothing to
  /// decide).
  cores: bool,
  /// Requests answered on the route's own threads.
  answered: AtomicU64,
  /// The route ran a long turn: its requests stay on its own threads.
  blocked: AtomicBool,
}

impl Placement {
  pub(crate) fn new(cores: bool) -> Self {
    Self {
      cores,
      ..Self::default()
    }
  }

  fn answered(&self) {
    self.answered.fetch_add(1, Ordering::Relaxed);
  }

  /// Whether a request on a core thread may run there.
  pub(crate) fn on_cores(&self) -> bool {
    !self.blocked.load(Ordering::Acquire)
      && self.answered.load(Ordering::Relaxed) >= SHORT_TURNS_TO_MOVE
  }

  /// Whether the route ran a long turn.
  pub(crate) fn is_blocked(&self) -> bool {
    self.blocked.load(Ordering::Acquire)
  }

  fn block(&self, route: &str) {
    if !self.blocked.swap(true, Ordering::AcqRel) && self.cores {
      tracing::info!(
        route,
        "a handler ran for more than {} ms without yielding: this route's requests run on isolate threads of its own from now on",
        super::supervisor::BLOCKING_TURN.as_millis()
      );
    }
  }
}
