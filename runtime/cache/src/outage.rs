//! A shared store that stops answering is logged once when it goes and
//! once when it comes back, not per request.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a store is down, for its log lines.
#[derive(Debug, Default)]
pub(crate) struct Outage {
  down: AtomicBool,
}

impl Outage {
  /// An operation failed: logged if the store was up.
  pub(crate) fn failed(&self, store: &str, why: &dyn std::fmt::Display) {
    if !self.down.swap(true, Ordering::AcqRel) {
      tracing::warn!(
        "{store} unavailable ({why}): serving from memory until it is back"
      );
    }
  }

  /// An operation succeeded: logged if the store was down.
  pub(crate) fn succeeded(&self, store: &str) {
    if self.down.swap(false, Ordering::AcqRel) {
      tracing::info!("{store} is back");
    }
  }

  /// Whether the last operation failed.
  pub(crate) fn is_down(&self) -> bool {
    self.down.load(Ordering::Acquire)
  }
}
