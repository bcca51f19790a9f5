//! One isolate as its pool and the supervisor see it ([`IsolateSlot`]),
//! and a claim on one request's worth of its capacity ([`Permit`]). The
//! slot reports back to whoever owns it through [`SlotOwner`], so neither
//! the pool nor the supervisor has to know the other's insides.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use edgeroute_http::{JobSender, RequestJob};

use super::control::{Breach, IsolateControl, now_nanos};
use super::pool::PoolError;

/// What a slot tells the pool that owns it.
pub(crate) trait SlotOwner: Send + Sync + std::fmt::Debug {
  /// The route pattern, for logs.
  fn route(&self) -> &str;
  /// How long an idle isolate is kept.
  fn idle_ttl(&self) -> Duration;
  /// Whether the pool keeps its minimum without one more isolate.
  fn above_min(&self) -> bool;
  /// One of its isolates was retired.
  fn retired(&self);
  /// Capacity was given back.
  fn permit_returned(&self);
  /// One of its isolates is in a turn long enough to stall a thread it
  /// would share ([`IsolateControl::turn_longer_than`]).
  fn blocking_turn(&self);
}

/// Ids for isolates, unique in the process (access logs name them).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// One isolate as its pool sees it.
#[derive(Debug)]
pub struct IsolateSlot {
  id: u64,
  owner: Weak<dyn SlotOwner>,
  jobs: Mutex<Option<JobSender>>,
  control: Arc<IsolateControl>,
  in_flight: AtomicUsize,
  last_used: AtomicU64,
  retired: AtomicBool,
}

impl IsolateSlot {
  pub(crate) fn new(
    owner: Weak<dyn SlotOwner>,
    jobs: JobSender,
    control: Arc<IsolateControl>,
  ) -> Self {
    Self {
      id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
      owner,
      jobs: Mutex::new(Some(jobs)),
      control,
      in_flight: AtomicUsize::new(0),
      last_used: AtomicU64::new(now_nanos()),
      retired: AtomicBool::new(false),
    }
  }

  /// The isolate's id, unique in the process.
  pub fn id(&self) -> u64 {
    self.id
  }

  /// The route pattern, for logs.
  pub fn route(&self) -> String {
    self
      .owner
      .upgrade()
      .map(|p| p.route().to_owned())
      .unwrap_or_default()
  }

  /// The isolate's shared control.
  pub(crate) fn control(&self) -> &IsolateControl {
    &self.control
  }

  /// The isolate's shared control, to outlive the slot.
  pub(crate) fn control_handle(&self) -> Arc<IsolateControl> {
    self.control.clone()
  }

  /// Serving: not retired, thread alive.
  pub fn is_live(&self) -> bool {
    !self.retired.load(Ordering::Acquire) && !self.control.is_dead()
  }

  /// Live with no request in flight.
  pub fn is_idle(&self) -> bool {
    self.is_live() && self.in_flight() == 0
  }

  /// Requests being handled.
  pub fn in_flight(&self) -> usize {
    self.in_flight.load(Ordering::Acquire)
  }

  /// When a request last finished (process nanos).
  pub fn last_used(&self) -> u64 {
    self.last_used.load(Ordering::Acquire)
  }

  /// Heap in use at the last sample.
  pub fn heap_used(&self) -> usize {
    self.control.heap_used()
  }

  /// Idle for longer than the pool's TTL.
  pub fn idle_past_ttl(&self) -> bool {
    let Some(owner) = self.owner.upgrade() else {
      return false;
    };
    let idle_for = Duration::from_nanos(now_nanos() - self.last_used());
    self.is_idle() && idle_for >= owner.idle_ttl()
  }

  /// Tells the pool that this isolate is in a turn longer than
  /// `threshold` (`now` in process nanos), if it is. Called by the
  /// supervisor every tick.
  pub(crate) fn check_turn(&self, now: u64, threshold: Duration) {
    if self.control.turn_longer_than(now, threshold)
      && let Some(owner) = self.owner.upgrade()
    {
      owner.blocking_turn();
    }
  }

  /// Retires the isolate if its pool keeps more than `min` without it.
  pub fn retire_if_above_min(&self) {
    if self.owner.upgrade().is_some_and(|owner| owner.above_min()) {
      self.retire();
    }
  }

  /// Stops sending requests to this isolate; it ends once the requests
  /// it holds are answered. `false` if it was already retired.
  pub fn retire(&self) -> bool {
    if self.retired.swap(true, Ordering::AcqRel) {
      return false;
    }
    self.control.set_retired();
    self
      .jobs
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
      .take();
    if let Some(owner) = self.owner.upgrade() {
      owner.retired();
    }
    true
  }

  /// Claims one request's worth of capacity.
  pub(crate) fn claim(self: &Arc<Self>) -> Permit {
    self.in_flight.fetch_add(1, Ordering::AcqRel);
    Permit { slot: self.clone() }
  }

  fn sender(&self) -> Option<JobSender> {
    self
      .jobs
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
      .clone()
  }
}

/// A claim on one request's worth of an isolate's capacity; given back
/// when dropped.
#[derive(Debug)]
pub struct Permit {
  slot: Arc<IsolateSlot>,
}

impl Permit {
  /// Hands the request to the isolate.
  pub async fn dispatch(&self, job: RequestJob) -> Result<(), PoolError> {
    let sender = self.slot.sender().ok_or_else(|| {
      PoolError::Unavailable("the isolate was retired".to_owned())
    })?;
    sender
      .send(job)
      .await
      .map_err(|_| PoolError::Unavailable("the isolate has stopped".to_owned()))
  }

  /// New requests go elsewhere; this isolate ends once the requests it
  /// holds do (the caller gave up waiting for one of them).
  pub fn retire(&self) {
    self.slot.retire();
  }

  /// The id of the isolate the request runs on.
  pub fn isolate(&self) -> u64 {
    self.slot.id
  }

  /// The limit the isolate broke, if it broke one.
  pub fn breach(&self) -> Option<Breach> {
    self.slot.control().breach()
  }
}

impl Drop for Permit {
  fn drop(&mut self) {
    self.slot.last_used.store(now_nanos(), Ordering::Release);
    self.slot.in_flight.fetch_sub(1, Ordering::AcqRel);
    if let Some(owner) = self.slot.owner.upgrade() {
      owner.permit_returned();
    }
  }
}
