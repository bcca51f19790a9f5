//! Starting isolates, and the app's spare: one isolate booted from the
//! snapshot before any route needs it, so a route's new isolate only has
//! to load its module. Once the taker's module has loaded, the pool asks
//! for the next spare ([`IsolateFactory::refill`]), so that boot does not
//! compete with the route's first request; a spare still booting is taken
//! all the same (the route then waits only for the rest of the boot).

use std::sync::Mutex;

use super::limits::IsolateLimits;
use super::worker::{Booting, IsolateBase, IsolateSpec, Started};

/// Starts the isolates of an app; holds at most one booting or booted
/// isolate without a route (the spare).
#[derive(Debug)]
pub struct IsolateFactory {
  base: IsolateBase,
  limits: IsolateLimits,
  spare: bool,
  next: Mutex<Option<Booting>>,
}

impl IsolateFactory {
  /// A factory for isolates sharing `base`; with `spare`, it keeps one
  /// isolate held to `limits` booted ahead of need, and the first one
  /// starts booting now.
  pub fn new(base: IsolateBase, limits: IsolateLimits, spare: bool) -> Self {
    let factory = Self {
      base,
      limits,
      spare,
      next: Mutex::new(None),
    };
    factory.refill();
    factory
  }

  /// What every isolate of the app shares.
  pub fn base(&self) -> &IsolateBase {
    &self.base
  }

  /// Starts an isolate for `spec`: the spare when it is held to the same
  /// limits, a fresh one otherwise. When [`Started::from_spare`], the
  /// caller calls [`IsolateFactory::refill`] once the isolate reported.
  pub fn spawn(&self, spec: &IsolateSpec) -> std::io::Result<Started> {
    if let Some(booting) = self.take(spec.limits) {
      match booting.assign(spec, true) {
        Ok(started) => return Ok(started),
        // That spare's boot failed; the next one may not.
        Err(_) => self.refill(),
      }
    }
    Booting::start(self.base.clone(), spec.limits, false)?
      .assign(spec, false)
      .map_err(std::io::Error::other)
  }

  fn take(&self, limits: IsolateLimits) -> Option<Booting> {
    if !self.spare || limits != self.limits {
      return None;
    }
    self.lock_next().take()
  }

  fn lock_next(&self) -> std::sync::MutexGuard<'_, Option<Booting>> {
    self
      .next
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Starts booting the next spare, unless one is held already.
  pub fn refill(&self) {
    if !self.spare {
      return;
    }
    let mut next = self.lock_next();
    if next.is_some() {
      return;
    }
    match Booting::start(self.base.clone(), self.limits, true) {
      Ok(booting) => *next = Some(booting),
      Err(error) => tracing::warn!("cannot start a spare isolate: {error}"),
    }
  }
}
