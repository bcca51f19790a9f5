//! The app's spare isolate: booted from the snapshot before any route
//! needs it, so a route's new isolate only has to load its module. Once
//! the taker's module has loaded, it starts the next spare ([`Spare::refill`]),
//! so that boot does not compete with the route's first request; a spare
//! still booting is taken all the same (the route then waits only for the
//! rest of the boot).

use std::sync::Mutex;

use super::config::Limits;
use super::worker::{
  Booting, IsolateBase, IsolateSpec, Spawned, spawn_isolate,
};

/// Holds at most one booting or booted isolate without a route.
#[derive(Debug)]
pub struct Spare {
  base: IsolateBase,
  limits: Limits,
  enabled: bool,
  next: Mutex<Option<Booting>>,
}

impl Spare {
  /// A spare for isolates held to `limits`; with `enabled`, the first one
  /// starts booting now.
  pub fn new(base: IsolateBase, limits: Limits, enabled: bool) -> Self {
    let spare = Self {
      base,
      limits,
      enabled,
      next: Mutex::new(None),
    };
    spare.refill();
    spare
  }

  /// Starts an isolate for `spec`: the spare when it is held to the same
  /// limits, a fresh one otherwise. Returns whether the spare was used;
  /// the caller then calls [`Spare::refill`] once the isolate reported.
  pub fn start(&self, spec: &IsolateSpec) -> std::io::Result<(Spawned, bool)> {
    if let Some(booting) = self.take(spec.limits) {
      match booting.assign(spec) {
        Ok(spawned) => return Ok((spawned, true)),
        // That spare's boot failed; the next one may not.
        Err(_) => self.refill(),
      }
    }
    Ok((spawn_isolate(spec.clone())?, false))
  }

  fn take(&self, limits: Limits) -> Option<Booting> {
    // The wall clock is the server's business; CPU and heap are set when
    // an isolate boots.
    if !self.enabled
      || limits.cpu != self.limits.cpu
      || limits.heap != self.limits.heap
    {
      return None;
    }
    self.next.lock().ok()?.take()
  }

  /// Starts booting the next spare, unless one is held already.
  pub fn refill(&self) {
    if !self.enabled {
      return;
    }
    let Ok(mut next) = self.next.lock() else {
      return;
    };
    if next.is_some() {
      return;
    }
    match Booting::start(self.base.clone(), self.limits, true) {
      Ok(booting) => *next = Some(booting),
      Err(error) => tracing::warn!("cannot start a spare isolate: {error}"),
    }
  }
}
