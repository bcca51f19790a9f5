//! Starting isolates, and the app's spare: one isolate booted from the
//! snapshot before any route needs it, so a route's new isolate only has
//! to load its module. As soon as the spare is taken, the pool asks for
//! the next one ([`IsolateFactory::refill`]): it boots on another core
//! while the taker loads its route (a spare that also warms the Node layer
//! needs that head start); a spare still booting is taken all the same
//! (the route then waits only for the rest of the boot).
//!
//! Every isolate, the spare included, is counted against the app's cap:
//! a pool first [claims](IsolateFactory::claim) an isolate (the spare, or
//! room for a new one), then starts it.

use std::sync::{Arc, Mutex};

use super::cores::{Cores, Host};
use super::limits::IsolateLimits;
use super::supervisor::{Reservation, Supervisor};
use super::worker::{Booting, IsolateBase, IsolateSpec, Started};

/// Starts the isolates of an app; holds booting or booted isolates without
/// a route (the spares): one, or two when the app has Node.js routes (a
/// spare that warms the Node layer takes longer to be ready than a fresh
/// route's request may take to come after the last).
#[derive(Debug)]
pub struct IsolateFactory {
  base: IsolateBase,
  limits: IsolateLimits,
  spare: bool,
  supervisor: Arc<Supervisor>,
  next: Mutex<Vec<Booting>>,
  /// Where its isolates run.
  host: Host,
  /// The app's core threads and a factory for each (none without them).
  cores: Option<(Arc<Cores>, Vec<Arc<IsolateFactory>>)>,
}

/// An isolate a pool may start: the spare, or room for a new one.
#[derive(Debug)]
pub(crate) enum Claim {
  /// The spare, booted (or booting) with its own reservation.
  Spare(Booting),
  /// Room under the app's cap for an isolate booted now.
  Fresh(Reservation),
}

impl IsolateFactory {
  /// A factory for isolates sharing `base`, counted by `supervisor`; with
  /// `spare`, it keeps one isolate held to `limits` booted ahead of need,
  /// and the first one starts booting now.
  pub fn new(
    base: IsolateBase,
    limits: IsolateLimits,
    spare: bool,
    supervisor: Arc<Supervisor>,
  ) -> Self {
    let factory = Self {
      base,
      limits,
      spare,
      supervisor,
      next: Mutex::new(Vec::new()),
      host: Host::Thread,
      cores: None,
    };
    factory.refill();
    factory
  }

  /// Also starts isolates on `cores`, through one factory per core thread
  /// (without a spare: a route moves there once it is busy, and its
  /// isolates stay).
  pub fn with_cores(mut self, cores: Arc<Cores>) -> Self {
    let factories = (0..cores.len())
      .map(|index| {
        Arc::new(IsolateFactory {
          base: self.base.clone(),
          limits: self.limits,
          spare: false,
          supervisor: self.supervisor.clone(),
          next: Mutex::new(Vec::new()),
          host: Host::Core(cores.clone(), index),
          cores: None,
        })
      })
      .collect();
    self.cores = Some((cores, factories));
    self
  }

  /// The app's core threads, if it has them.
  pub(crate) fn cores(&self) -> Option<&Arc<Cores>> {
    self.cores.as_ref().map(|(cores, _)| cores)
  }

  /// The factories of the core threads, in their order.
  pub(crate) fn core_factories(&self) -> &[Arc<IsolateFactory>] {
    self.cores.as_ref().map_or(&[], |(_, factories)| factories)
  }

  /// What every isolate of the app shares.
  pub fn base(&self) -> &IsolateBase {
    &self.base
  }

  /// Claims an isolate held to `limits`: the spare when it is held to the
  /// same limits, else room for a new one. `None` when the app is at its
  /// cap: an idle isolate (or a spare that does not fit) was retired to
  /// make room, or every isolate is busy; the room shows through
  /// [`Supervisor::room_freed`].
  pub(crate) fn claim(&self, limits: IsolateLimits) -> Option<Claim> {
    if self.spare
      && limits == self.limits
      && let Some(spare) = self.lock_next().pop()
    {
      return Some(Claim::Spare(spare));
    }
    if let Some(room) = self.supervisor.reserve() {
      return Some(Claim::Fresh(room));
    }
    // A spare held to other limits gives its room back.
    if let Some(spare) = self.lock_next().pop() {
      drop(spare);
      tracing::debug!("dropped the spare isolate to make room");
    }
    None
  }

  /// Starts the claimed isolate for `spec`. When [`Started::from_spare`],
  /// the caller calls [`IsolateFactory::refill`] once the isolate
  /// reported.
  pub(crate) fn spawn(
    &self,
    claim: Claim,
    spec: &IsolateSpec,
  ) -> std::io::Result<Started> {
    let room = match claim {
      Claim::Fresh(room) => room,
      Claim::Spare(spare) => match spare.assign(spec, true) {
        Ok(started) => return Ok(started),
        // That spare's boot failed (its room is free again); the next one
        // may not.
        Err(_) => {
          let room = self.supervisor.try_reserve().ok_or_else(|| {
            std::io::Error::other("the spare isolate failed to boot")
          })?;
          self.refill();
          room
        }
      },
    };
    Booting::start(self.base.clone(), spec.limits, false, room, &self.host)?
      .assign(spec, false)
      .map_err(std::io::Error::other)
  }

  fn lock_next(&self) -> std::sync::MutexGuard<'_, Vec<Booting>> {
    self
      .next
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Starts booting spares up to the app's number of them, unless the
  /// app is at its isolate cap.
  pub fn refill(&self) {
    if !self.spare {
      return;
    }
    let wanted = if self.base.node_routes { 2 } else { 1 };
    let mut next = self.lock_next();
    while next.len() < wanted {
      let Some(room) = self.supervisor.try_reserve() else {
        return;
      };
      match Booting::start(
        self.base.clone(),
        self.limits,
        true,
        room,
        &self.host,
      ) {
        Ok(booting) => next.push(booting),
        Err(error) => {
          tracing::warn!("cannot start a spare isolate: {error}");
          return;
        }
      }
    }
  }
}
