//! What the accept loop does when the process runs out of descriptors
//! (or memory for sockets): back off instead of spinning, and say so once
//! per episode; and the open-files limit it runs under.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The first pause after a resource error; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(5);
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// An accept loop's state across failures.
#[derive(Debug)]
pub(crate) struct Backoff {
  pause: Duration,
  failures: u64,
  /// Accept loops of the same socket (one per core thread) in a failure
  /// episode: the first to fail warns, the last to recover says so.
  failing: Arc<AtomicUsize>,
}

impl Backoff {
  /// The back-off of one accept loop among those that share `failing`.
  pub(crate) fn sharing(failing: Arc<AtomicUsize>) -> Self {
    Self {
      pause: FIRST_PAUSE,
      failures: 0,
      failing,
    }
  }

  /// A connection was accepted: an episode of failures, if any, is over.
  pub(crate) fn succeeded(&mut self) {
    if self.failures > 0 {
      if self.failing.fetch_sub(1, Ordering::AcqRel) == 1 {
        tracing::info!(
          "accepting connections again after {} failed attempts",
          self.failures
        );
      }
      self.pause = FIRST_PAUSE;
      self.failures = 0;
    }
  }

  /// `accept` failed. Out of descriptors or socket memory, the listener
  /// stays readable, so trying again at once would spin: wait, longer
  /// each time, and warn only at the start of the episode. Other errors
  /// (a connection reset before it was accepted) concern one client.
  pub(crate) async fn failed(&mut self, error: &std::io::Error) {
    if !is_resource_exhaustion(error) {
      tracing::debug!("accept failed: {error}");
      return;
    }
    if self.failures == 0 && self.failing.fetch_add(1, Ordering::AcqRel) == 0 {
      tracing::warn!(
        "accept failed: {error}; pausing new connections until descriptors free up (see --max-connections)"
      );
    }
    self.failures += 1;
    tokio::time::sleep(self.pause).await;
    self.pause = (self.pause * 2).min(MAX_PAUSE);
  }
}

fn is_resource_exhaustion(error: &std::io::Error) -> bool {
  #[cfg(unix)]
  {
    use nix::errno::Errno;
    matches!(
      error.raw_os_error().map(Errno::from_raw),
      Some(Errno::EMFILE | Errno::ENFILE | Errno::ENOMEM | Errno::ENOBUFS)
    )
  }
  #[cfg(not(unix))]
  {
    error.kind() == std::io::ErrorKind::OutOfMemory
  }
}

/// The process's soft open-files limit, if the OS has one.
fn open_files_limit() -> Option<u64> {
  #[cfg(unix)]
  {
    use nix::sys::resource::{Resource, getrlimit};
    getrlimit(Resource::RLIMIT_NOFILE)
      .ok()
      .map(|(soft, _)| soft)
  }
  #[cfg(not(unix))]
  {
    None
  }
}

/// Half the open-files limit (the other half is for isolates, module
/// files and outgoing connections), at least 64; 65,536 without a limit.
pub(crate) fn default_max_connections() -> usize {
  match open_files_limit() {
    Some(limit) => usize::try_from(limit / 2).unwrap_or(usize::MAX).max(64),
    None => 65_536,
  }
}

/// Raises the soft open-files limit to the hard one, as Deno and Node do
/// at startup, and returns the limit now in force. A server that keeps
/// the common soft default of 1,024 runs out of descriptors long before
/// its cores are busy.
pub fn raise_open_files_limit() -> Option<u64> {
  #[cfg(unix)]
  {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).ok()?;
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_err() {
      return Some(soft);
    }
    Some(hard.max(soft))
  }
  #[cfg(not(unix))]
  {
    None
  }
}
