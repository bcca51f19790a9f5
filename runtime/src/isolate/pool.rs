//! The isolates of one route: started on demand (or at startup with
//! `--prewarm`), several per route under load, each serving several
//! requests at once up to a cap; requests beyond capacity wait a bounded
//! time, then get 503. Idle isolates are retired by the [`Supervisor`].

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use edgeroute_http::{JobSender, LoadReport, RequestJob};
use tokio::sync::Notify;

use super::config::{Limits, PoolConfig};
use super::control::{IsolateControl, now_nanos};
use super::spare::Spare;
use super::supervisor::Supervisor;
use super::worker::IsolateSpec;

/// A route whose module has loaded in an isolate.
#[derive(Debug)]
pub struct RouteReady {
  /// Exported handler methods (upper case).
  pub methods: Vec<String>,
}

/// Why a request could not be handed to the route.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PoolError {
  /// The route module failed to load or evaluate.
  #[error("route module failed to load: {0}")]
  LoadFailed(String),
  /// The isolate could not be started or has stopped.
  #[error("isolate unavailable: {0}")]
  Unavailable(String),
  /// Every isolate is at capacity and the wait for one ran out.
  #[error("no isolate free within {} ms ({queued} requests waiting)", waited.as_millis())]
  Overloaded {
    /// How long the request waited.
    waited: Duration,
    /// Requests waiting at that moment.
    queued: usize,
  },
}

/// What a pool is doing, for the library API and logs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
  /// Isolates serving (started and not retired).
  pub isolates: usize,
  /// Isolates being started.
  pub starting: usize,
  /// Requests being handled.
  pub in_flight: usize,
  /// Requests waiting for capacity.
  pub queued: usize,
  /// Isolates started since the app loaded.
  pub started: u64,
  /// Isolates retired or terminated since the app loaded.
  pub retired: u64,
  /// Of the isolates started, those that were the app's spare (booted
  /// before the route needed them).
  pub from_spare: u64,
}

/// One isolate as its pool sees it.
#[derive(Debug)]
pub struct Slot {
  pool: Weak<PoolShared>,
  jobs: Mutex<Option<JobSender>>,
  control: Arc<IsolateControl>,
  in_flight: AtomicUsize,
  last_used: AtomicU64,
  retired: AtomicBool,
}

impl Slot {
  /// The route pattern, for logs.
  pub fn route(&self) -> String {
    self
      .pool
      .upgrade()
      .map(|p| p.spec.name.clone())
      .unwrap_or_default()
  }

  /// The isolate's shared control.
  pub fn control(&self) -> &IsolateControl {
    &self.control
  }

  /// Serving: not retired, thread alive.
  pub fn is_live(&self) -> bool {
    !self.retired.load(Ordering::Acquire) && !self.control.is_dead()
  }

  /// Live with no request in flight.
  pub fn is_idle(&self) -> bool {
    self.is_live() && self.in_flight.load(Ordering::Acquire) == 0
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
    let Some(pool) = self.pool.upgrade() else {
      return false;
    };
    let idle_for = Duration::from_nanos(now_nanos() - self.last_used());
    self.is_idle() && idle_for >= pool.config.idle_ttl
  }

  /// Retires the isolate if its pool keeps more than `min` without it.
  pub fn retire_if_above_min(&self) {
    if let Some(pool) = self.pool.upgrade()
      && pool.live_count() > pool.config.min
    {
      self.retire();
    }
  }

  /// Stops sending requests to this isolate; it ends once the requests
  /// it holds are answered. `false` if it was already retired.
  pub fn retire(&self) -> bool {
    if self.retired.swap(true, Ordering::AcqRel) {
      return false;
    }
    if let Ok(mut jobs) = self.jobs.lock() {
      jobs.take();
    }
    if let Some(pool) = self.pool.upgrade() {
      pool.supervisor.release();
      pool.retired.fetch_add(1, Ordering::Relaxed);
      pool.notify.notify_waiters();
    }
    true
  }

  fn sender(&self) -> Option<JobSender> {
    self.jobs.lock().ok().and_then(|jobs| jobs.clone())
  }
}

/// A claim on one request's worth of an isolate's capacity; given back
/// when dropped.
#[derive(Debug)]
pub struct Permit {
  slot: Arc<Slot>,
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

  /// The isolate holding this permit.
  pub fn slot(&self) -> &Arc<Slot> {
    &self.slot
  }
}

impl Drop for Permit {
  fn drop(&mut self) {
    self.slot.last_used.store(now_nanos(), Ordering::Release);
    self.slot.in_flight.fetch_sub(1, Ordering::AcqRel);
    if let Some(pool) = self.slot.pool.upgrade() {
      pool.notify.notify_one();
    }
  }
}

#[derive(Debug, Default)]
struct PoolState {
  slots: Vec<Arc<Slot>>,
  starting: usize,
  queued: usize,
}

#[derive(Debug)]
struct PoolShared {
  spec: IsolateSpec,
  config: PoolConfig,
  supervisor: Arc<Supervisor>,
  spare: Arc<Spare>,
  state: Mutex<PoolState>,
  notify: Notify,
  ready: std::sync::OnceLock<Arc<RouteReady>>,
  load_failure: std::sync::OnceLock<String>,
  started: AtomicU64,
  retired: AtomicU64,
  from_spare: AtomicU64,
}

impl PoolShared {
  fn live_count(&self) -> usize {
    self
      .state
      .lock()
      .map(|s| s.slots.iter().filter(|s| s.is_live()).count())
      .unwrap_or(0)
  }
}

/// The isolates serving one route.
#[derive(Debug)]
pub struct RoutePool {
  shared: Arc<PoolShared>,
}

/// What `acquire` decided under the lock.
enum Step {
  Take(Permit, bool),
  Start,
  Wait,
}

impl RoutePool {
  /// A pool that starts isolates for `spec` on demand, from `spare` when
  /// it can.
  pub fn new(
    spec: IsolateSpec,
    config: PoolConfig,
    supervisor: Arc<Supervisor>,
    spare: Arc<Spare>,
  ) -> Self {
    let config = PoolConfig {
      max: config.max.max(1),
      concurrency: config.concurrency.max(1),
      ..config
    };
    Self {
      shared: Arc::new(PoolShared {
        spec,
        config,
        supervisor,
        spare,
        state: Mutex::new(PoolState::default()),
        notify: Notify::new(),
        ready: std::sync::OnceLock::new(),
        load_failure: std::sync::OnceLock::new(),
        started: AtomicU64::new(0),
        retired: AtomicU64::new(0),
        from_spare: AtomicU64::new(0),
      }),
    }
  }

  /// The route's limits.
  pub fn limits(&self) -> Limits {
    self.shared.spec.limits
  }

  /// The loaded route, starting its first isolate on first use. A module
  /// that fails to load fails every time (the code does not change).
  pub async fn ready(&self) -> Result<Arc<RouteReady>, PoolError> {
    if let Some(message) = self.shared.load_failure.get() {
      return Err(PoolError::LoadFailed(message.clone()));
    }
    if let Some(ready) = self.shared.ready.get() {
      return Ok(ready.clone());
    }
    // The first isolate reports the handlers when it starts.
    drop(self.acquire().await?);
    self.shared.ready.get().cloned().ok_or_else(|| {
      PoolError::Unavailable("the route did not report ready".to_owned())
    })
  }

  /// Starts `max(min, 1)` isolates (`--prewarm`).
  pub async fn prewarm(&self) -> Result<(), PoolError> {
    let want = self.shared.config.min.max(1);
    loop {
      let now = self.stats();
      if now.isolates + now.starting >= want {
        break;
      }
      if !self.shared.supervisor.reserve() {
        break;
      }
      self.lock_state().starting += 1;
      self.start().await?;
    }
    Ok(())
  }

  /// What the pool is doing now.
  pub fn stats(&self) -> PoolStats {
    let state = self.lock_state();
    let live: Vec<&Arc<Slot>> =
      state.slots.iter().filter(|s| s.is_live()).collect();
    PoolStats {
      isolates: live.len(),
      starting: state.starting,
      in_flight: live
        .iter()
        .map(|s| s.in_flight.load(Ordering::Acquire))
        .sum(),
      queued: state.queued,
      started: self.shared.started.load(Ordering::Relaxed),
      retired: self.shared.retired.load(Ordering::Relaxed),
      from_spare: self.shared.from_spare.load(Ordering::Relaxed),
    }
  }

  fn lock_state(&self) -> std::sync::MutexGuard<'_, PoolState> {
    self
      .shared
      .state
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Claims capacity on an isolate of this route: the least busy one
  /// under its concurrency cap. When all are busy and the pool is below
  /// its max, another isolate starts (in the background if this request
  /// can be served meanwhile). Without capacity the request waits up to
  /// the queue timeout.
  pub async fn acquire(&self) -> Result<Permit, PoolError> {
    let shared = &self.shared;
    let config = shared.config;
    let started_waiting = Instant::now();
    let deadline = tokio::time::Instant::now() + config.queue_timeout;
    let mut queued = false;
    loop {
      let notified = shared.notify.notified();
      tokio::pin!(notified);
      notified.as_mut().enable();
      let step = {
        let mut state = self.lock_state();
        for slot in state.slots.iter().filter(|s| !s.is_live()) {
          // Terminated or retired: give its room back (once).
          slot.retire();
        }
        state.slots.retain(|s| s.is_live());
        let best = state
          .slots
          .iter()
          .filter(|s| s.in_flight.load(Ordering::Acquire) < config.concurrency)
          .min_by_key(|s| s.in_flight.load(Ordering::Acquire))
          .cloned();
        let busy = best
          .as_ref()
          .is_none_or(|s| s.in_flight.load(Ordering::Acquire) > 0);
        let room = state.slots.len() + state.starting < config.max;
        let grow = busy && room && shared.supervisor.reserve();
        if grow {
          state.starting += 1;
        }
        match best {
          Some(slot) => {
            slot.in_flight.fetch_add(1, Ordering::AcqRel);
            if queued {
              state.queued -= 1;
            }
            Step::Take(Permit { slot }, grow)
          }
          None if grow => Step::Start,
          None => {
            if !queued {
              if state.queued >= config.max_queue {
                return Err(PoolError::Overloaded {
                  waited: Duration::ZERO,
                  queued: state.queued,
                });
              }
              state.queued += 1;
              queued = true;
            }
            Step::Wait
          }
        }
      };
      match step {
        Step::Take(permit, grow) => {
          if grow {
            let pool = RoutePool {
              shared: shared.clone(),
            };
            tokio::spawn(async move {
              if let Err(error) = pool.start().await {
                tracing::warn!(route = %pool.shared.spec.name, "{error}");
              }
            });
          }
          return Ok(permit);
        }
        Step::Start => {
          if let Err(error) = self.start().await {
            if queued {
              self.lock_state().queued -= 1;
            }
            return Err(error);
          }
        }
        Step::Wait => {
          if tokio::time::timeout_at(deadline, notified).await.is_err() {
            let mut state = self.lock_state();
            state.queued -= 1;
            return Err(PoolError::Overloaded {
              waited: started_waiting.elapsed(),
              queued: state.queued,
            });
          }
        }
      }
    }
  }

  /// Starts one isolate; the caller counted it in `starting` and reserved
  /// its room with the supervisor.
  async fn start(&self) -> Result<(), PoolError> {
    let shared = &self.shared;
    let began = Instant::now();
    let mut from_spare = false;
    let result = match shared.spare.start(&shared.spec) {
      Err(error) => Err(PoolError::Unavailable(error.to_string())),
      Ok(((isolate, control, report), spare)) => {
        match loaded(report, spare.then_some(&*shared.spare)).await {
          Ok(LoadReport::Ready { methods, ignored }) => {
            for name in ignored {
              // App::load already warned for exports it could read.
              tracing::debug!(
                route = %shared.spec.name,
                "export '{name}' is not a route handler and is ignored"
              );
            }
            let _ = shared.ready.set(Arc::new(RouteReady { methods }));
            from_spare = spare;
            Ok(Arc::new(Slot {
              pool: Arc::downgrade(shared),
              jobs: Mutex::new(Some(isolate.jobs().clone())),
              control,
              in_flight: AtomicUsize::new(0),
              last_used: AtomicU64::new(now_nanos()),
              retired: AtomicBool::new(false),
            }))
          }
          Ok(LoadReport::Failed(message)) => {
            let _ = shared.load_failure.set(message.clone());
            Err(PoolError::LoadFailed(message))
          }
          Err(_) => Err(PoolError::Unavailable(
            "the isolate stopped while loading the route module".to_owned(),
          )),
        }
      }
    };
    let mut state = self.lock_state();
    state.starting -= 1;
    match result {
      Ok(slot) => {
        shared.supervisor.register(&slot);
        state.slots.push(slot);
        let started = shared.started.fetch_add(1, Ordering::Relaxed) + 1;
        if from_spare {
          shared.from_spare.fetch_add(1, Ordering::Relaxed);
        }
        tracing::debug!(
          route = %shared.spec.name,
          "isolate started in {:.1} ms{} ({} live, {started} started so far)",
          began.elapsed().as_secs_f64() * 1000.0,
          if from_spare { " from the spare" } else { "" },
          state.slots.len()
        );
        drop(state);
        shared.notify.notify_waiters();
        Ok(())
      }
      Err(error) => {
        drop(state);
        shared.supervisor.release();
        shared.notify.notify_waiters();
        Err(error)
      }
    }
  }
}

/// Waits for an isolate's load report; when the isolate was the app's
/// spare, the next spare starts booting then, not while the route's module
/// loads.
async fn loaded(
  report: tokio::sync::oneshot::Receiver<LoadReport>,
  took: Option<&Spare>,
) -> Result<LoadReport, tokio::sync::oneshot::error::RecvError> {
  let report = report.await;
  if let Some(spare) = took {
    spare.refill();
  }
  report
}
