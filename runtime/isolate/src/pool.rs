//! The isolates of one route: started on demand (or at startup with
//! `--prewarm`), several per route under load, each serving several
//! requests at once up to a cap; requests beyond capacity wait a bounded
//! time, then get 503. Idle isolates are retired by the [`Supervisor`].

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use edgeroute_http::LoadReport;
use edgeroute_routes::methods::{Exports, classify_exports};

use super::cores::Cores;
use super::factory::{Claim, IsolateFactory};
use super::lane::{Lane, Placement};
use super::limits::PoolConfig;
use super::slot::{IsolateSlot, Permit, SlotOwner};
use super::supervisor::Supervisor;
use super::worker::IsolateSpec;
use super::worker::Started;

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
  /// Of those, isolates on core threads (`--threads per-core`).
  pub on_cores: usize,
  /// Isolates being started.
  pub starting: usize,
  /// Requests being handled.
  pub in_flight: usize,
  /// V8 heap used by the live isolates at their last samples, in bytes.
  pub heap_used: usize,
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

#[derive(Debug)]
struct PoolShared {
  spec: IsolateSpec,
  config: PoolConfig,
  supervisor: Arc<Supervisor>,
  /// The route's own threads first, then one lane per core thread.
  lanes: Vec<Arc<Lane>>,
  /// The app's core threads, if it has them.
  cores: Option<Arc<Cores>>,
  placement: Arc<Placement>,
  /// The route module's handlers, once an isolate loaded it.
  ready: std::sync::OnceLock<Arc<Exports>>,
  load_failure: std::sync::OnceLock<String>,
}

/// The lane of the route's own threads.
const OWN_THREADS: usize = 0;

/// The isolates serving one route.
#[derive(Debug)]
pub struct RoutePool {
  shared: Arc<PoolShared>,
}

/// What `acquire` decided under the lock.
enum Step {
  Take { permit: Permit, grow: Option<Claim> },
  Start(Claim),
  Wait,
}

impl RoutePool {
  /// A pool that starts isolates for `spec` on demand, through `factory`
  /// (from the app's spare when it can); with the factory's core threads,
  /// also on those ([`crate::lane`]), up to `max / cores` each.
  pub fn new(
    spec: IsolateSpec,
    config: PoolConfig,
    supervisor: Arc<Supervisor>,
    factory: Arc<IsolateFactory>,
  ) -> Self {
    let config = PoolConfig {
      max: config.max.max(1),
      concurrency: config.concurrency.max(1),
      ..config
    };
    let cores = factory.cores().cloned();
    let placement = Arc::new(Placement::new(cores.is_some()));
    let per_core = config.max.div_ceil(cores.as_ref().map_or(1, |c| c.len()));
    let mut lanes = vec![Arc::new(Lane::new(
      factory.clone(),
      &spec.name,
      (config.min, config.max),
      config.idle_ttl,
      placement.clone(),
      true,
    ))];
    for core in factory.core_factories() {
      lanes.push(Arc::new(Lane::new(
        core.clone(),
        &spec.name,
        (0, per_core),
        config.idle_ttl,
        placement.clone(),
        false,
      )));
    }
    Self {
      shared: Arc::new(PoolShared {
        spec,
        config,
        supervisor,
        lanes,
        cores,
        placement,
        ready: std::sync::OnceLock::new(),
        load_failure: std::sync::OnceLock::new(),
      }),
    }
  }

  /// The route's handlers, once an isolate has loaded its module: the
  /// first call starts that isolate (or waits for the one starting). A
  /// module that fails to load fails every time (the code does not
  /// change). Capacity is [`RoutePool::acquire`]'s business.
  pub async fn ready(&self) -> Result<Arc<Exports>, PoolError> {
    let shared = &self.shared;
    let started_waiting = Instant::now();
    let deadline = tokio::time::Instant::now() + shared.config.queue_timeout;
    loop {
      if let Some(message) = shared.load_failure.get() {
        return Err(PoolError::LoadFailed(message.clone()));
      }
      if let Some(ready) = shared.ready.get() {
        return Ok(ready.clone());
      }
      let lane = &shared.lanes[OWN_THREADS];
      let notified = lane.notify.notified();
      let room = shared.supervisor.room_freed();
      tokio::pin!(notified, room);
      notified.as_mut().enable();
      room.as_mut().enable();
      let claim = {
        let mut state = lane.lock_state();
        let first = state.slots.is_empty() && state.starting == 0;
        let claim = first
          .then(|| lane.factory.claim(shared.spec.limits))
          .flatten();
        if claim.is_some() {
          state.starting += 1;
        }
        claim
      };
      if let Some(claim) = claim {
        self.start(OWN_THREADS, claim).await?;
        continue;
      }
      // Another request is starting the first isolate, or the app is at
      // its isolate cap.
      if wait_until(deadline, notified, room).await.is_err() {
        return Err(PoolError::Overloaded {
          waited: started_waiting.elapsed(),
          queued: lane.lock_state().queued,
        });
      }
    }
  }

  /// Marks the route's module as failing to load with `message` (found
  /// before any isolate ran it): [`RoutePool::ready`] answers that, and no
  /// isolate starts.
  pub fn fail_to_load(&self, message: String) {
    let _ = self.shared.load_failure.set(message);
  }

  /// Starts `max(min, 1)` isolates (`--prewarm`).
  pub async fn prewarm(&self) -> Result<(), PoolError> {
    if self.shared.load_failure.get().is_some() {
      // Known to fail: its requests answer that; nothing to start.
      return Ok(());
    }
    let want = self.shared.config.min.max(1);
    let lane = &self.shared.lanes[OWN_THREADS];
    loop {
      let now = self.stats();
      if now.isolates + now.starting >= want {
        break;
      }
      let Some(claim) = lane.factory.claim(self.shared.spec.limits) else {
        break;
      };
      lane.lock_state().starting += 1;
      self.start(OWN_THREADS, claim).await?;
    }
    Ok(())
  }

  /// What the pool is doing now.
  pub fn stats(&self) -> PoolStats {
    let mut stats = PoolStats::default();
    for (index, lane) in self.shared.lanes.iter().enumerate() {
      let state = lane.lock_state();
      for slot in state.slots.iter().filter(|s| s.is_live()) {
        stats.isolates += 1;
        stats.on_cores += usize::from(index != OWN_THREADS);
        stats.in_flight += slot.in_flight();
        stats.heap_used += slot.heap_used();
      }
      stats.starting += state.starting;
      stats.queued += state.queued;
      stats.started += lane.started.load(Ordering::Relaxed);
      stats.retired += lane.retired.load(Ordering::Relaxed);
      stats.from_spare += lane.from_spare.load(Ordering::Relaxed);
    }
    stats
  }

  /// The lane a request made on this thread goes to: the route's own
  /// threads, unless this is a core thread and the route runs there.
  fn lane_here(&self) -> usize {
    let shared = &self.shared;
    let Some(core) = shared.cores.as_ref().and_then(|c| c.current()) else {
      return OWN_THREADS;
    };
    if shared.placement.on_cores() {
      return core + 1;
    }
    if shared.placement.is_blocked() {
      // Back on its own threads: the core lanes' isolates go.
      for lane in &shared.lanes[1..] {
        if !lane.lock_state().slots.is_empty() {
          lane.retire_all();
        }
      }
    }
    OWN_THREADS
  }

  /// Claims capacity on an isolate of this route: the least busy one
  /// under its concurrency cap. When all are busy and the pool is below
  /// its max, another isolate starts (in the background if this request
  /// can be served meanwhile). Without capacity the request waits up to
  /// the queue timeout.
  pub async fn acquire(&self) -> Result<Permit, PoolError> {
    let shared = &self.shared;
    let config = shared.config;
    let index = self.lane_here();
    let lane = &shared.lanes[index];
    let started_waiting = Instant::now();
    let deadline = tokio::time::Instant::now() + config.queue_timeout;
    let mut queued = false;
    loop {
      let notified = lane.notify.notified();
      let room = shared.supervisor.room_freed();
      tokio::pin!(notified, room);
      notified.as_mut().enable();
      room.as_mut().enable();
      let step = {
        let mut state = lane.lock_state();
        for slot in state.slots.iter().filter(|s| !s.is_live()) {
          // Terminated or retired: give its room back (once).
          slot.retire();
        }
        state.slots.retain(|s| s.is_live());
        let best = state
          .slots
          .iter()
          .filter(|s| s.in_flight() < config.concurrency)
          .min_by_key(|s| s.in_flight())
          .cloned();
        let busy = best.as_ref().is_none_or(|s| s.in_flight() > 0);
        let room = state.slots.len() + state.starting < lane.max;
        let grow = (busy && room)
          .then(|| lane.factory.claim(shared.spec.limits))
          .flatten();
        if grow.is_some() {
          state.starting += 1;
        }
        match best {
          Some(slot) => {
            if queued {
              state.queued -= 1;
            }
            Step::Take {
              permit: slot.claim(),
              grow,
            }
          }
          None => match grow {
            Some(claim) => Step::Start(claim),
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
          },
        }
      };
      match step {
        Step::Take { permit, grow } => {
          if let Some(claim) = grow {
            let pool = RoutePool {
              shared: shared.clone(),
            };
            tokio::spawn(async move {
              if let Err(error) = pool.start(index, claim).await {
                tracing::warn!(route = %pool.shared.spec.name, "{error}");
              }
            });
          }
          return Ok(permit);
        }
        Step::Start(claim) => {
          if let Err(error) = self.start(index, claim).await {
            if queued {
              lane.lock_state().queued -= 1;
            }
            return Err(error);
          }
        }
        Step::Wait => {
          if wait_until(deadline, notified, room).await.is_err() {
            let mut state = lane.lock_state();
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

  /// Starts the claimed isolate on lane `index`; the caller counted it in
  /// that lane's `starting`.
  async fn start(&self, index: usize, claim: Claim) -> Result<(), PoolError> {
    let shared = &self.shared;
    let lane = &shared.lanes[index];
    let began = Instant::now();
    let mut from_spare = false;
    let result = match lane.factory.spawn(claim, &shared.spec) {
      Err(error) => Err(PoolError::Unavailable(error.to_string())),
      Ok(started) => {
        from_spare = started.from_spare;
        if from_spare {
          // The next spare boots on another core while this one loads its
          // route: a Node.js spare takes longer to warm than a route's
          // next request may take to come.
          lane.factory.refill();
        }
        self.loaded(index, started).await
      }
    };
    let mut state = lane.lock_state();
    state.starting -= 1;
    match result {
      Ok(slot) => {
        shared.supervisor.register(&slot);
        state.slots.push(slot);
        let started = lane.started.fetch_add(1, Ordering::Relaxed) + 1;
        if from_spare {
          lane.from_spare.fetch_add(1, Ordering::Relaxed);
        }
        tracing::debug!(
          route = %shared.spec.name,
          "isolate started in {:.1} ms{} ({} live, {started} started so far{})",
          began.elapsed().as_secs_f64() * 1000.0,
          if from_spare { " from the spare" } else { "" },
          state.slots.len(),
          if index == OWN_THREADS {
            String::new()
          } else {
            format!(" on core thread {}", index - 1)
          }
        );
        drop(state);
        lane.notify.notify_waiters();
        Ok(())
      }
      Err(error) => {
        drop(state);
        lane.notify.notify_waiters();
        Err(error)
      }
    }
  }
}

impl RoutePool {
  /// Waits for a started isolate's load report and makes the isolate a
  /// slot of this pool. The next spare starts booting when the spare was
  /// taken ([`RoutePool::start`]), or now if none could start before.
  async fn loaded(
    &self,
    index: usize,
    started: Started,
  ) -> Result<Arc<IsolateSlot>, PoolError> {
    let shared = &self.shared;
    let lane = &shared.lanes[index];
    let report = started.report.await;
    // None held because the cap was reached before: the next one boots
    // now, if there is room.
    lane.factory.refill();
    match report {
      Ok(LoadReport::Ready { exports }) => {
        let found = classify_exports(
          exports
            .iter()
            .map(|(name, callable)| (name.as_str(), *callable)),
        );
        for name in &found.ignored {
          // App::load already warned for the exports it could read.
          tracing::debug!(
            route = %shared.spec.name,
            "export '{name}' is not a route handler and is ignored"
          );
        }
        let _ = shared.ready.set(Arc::new(found));
        started.control.set_serving();
        let owner: Arc<dyn SlotOwner> = lane.clone();
        Ok(Arc::new(IsolateSlot::new(
          Arc::downgrade(&owner),
          started.jobs,
          started.control,
        )))
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
}

/// Waits for news from the pool (`notified`) or for room under the app's
/// cap (`room`), until `deadline`.
async fn wait_until(
  deadline: tokio::time::Instant,
  notified: std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>,
  room: std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>,
) -> Result<(), tokio::time::error::Elapsed> {
  tokio::time::timeout_at(deadline, async {
    tokio::select! {
      () = notified => {}
      () = room => {}
    }
  })
  .await
}
