//! The CPU time of one isolate's thread, read from another thread (the
//! supervisor's). Linux gives every thread a CPU-time clock whose id is
//! derived from the thread id (what glibc's `pthread_getcpuclockid`
//! returns); elsewhere there is none, and the CPU limit falls back to wall
//! time.

use std::time::Duration;

/// The CPU-time clock of one thread.
#[derive(Debug, Clone, Copy)]
pub struct ThreadCpuClock {
  #[cfg(target_os = "linux")]
  clock: nix::time::ClockId,
}

impl ThreadCpuClock {
  /// The clock of the calling thread, readable from any thread of the
  /// process; `None` where the OS has no such clock.
  pub fn current() -> Option<ThreadCpuClock> {
    #[cfg(target_os = "linux")]
    {
      // The kernel's MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED): the
      // complement of the thread id, shifted past the 3 clock-type bits,
      // with CPUCLOCK_PERTHREAD_MASK (4) and CPUCLOCK_SCHED (2).
      let tid = nix::unistd::gettid().as_raw();
      let clock = ThreadCpuClock {
        clock: nix::time::ClockId::from_raw(((!tid) << 3) | 4 | 2),
      };
      clock.read().map(|_| clock)
    }
    #[cfg(not(target_os = "linux"))]
    {
      None
    }
  }

  /// CPU time the thread has used so far; `None` once it has ended.
  pub fn read(&self) -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
      nix::time::clock_gettime(self.clock)
        .ok()
        .map(Duration::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
      None
    }
  }
}
