//! Core threads: one thread per core, each a current-thread tokio runtime
//! that runs HTTP connections and the isolates of the routes it serves,
//! so that a request never crosses threads on its way to JS and back
//! (`--threads per-core`). Work is handed to a core thread as a `Send`
//! closure; it may start `!Send` tasks there (`spawn_local`), which is how
//! an isolate comes to live on it ([`crate::worker`]).
//!
//! Several isolates share a core thread, so none stays entered between its
//! turns: [`Entered`] enters an isolate around each poll of its task, and
//! enters it once more before the task is dropped (rusty_v8 asserts on drop
//! that the isolate being dropped is the thread's current one). Any isolate
//! can then be retired in any order.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use deno_core::v8;
use tokio::sync::mpsc;

/// Work handed to a core thread.
type Job = Box<dyn FnOnce() + Send>;

/// Ids telling apart the core threads of several apps in one process.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
  /// On a core thread: the id of its [`Cores`] and its index there.
  static CURRENT: Cell<Option<(u64, usize)>> = const { Cell::new(None) };
}

/// The core threads of one app. Dropping the last handle ends them: their
/// connections and isolates are dropped with their runtimes.
#[derive(Debug)]
pub struct Cores {
  id: u64,
  threads: Vec<mpsc::UnboundedSender<Job>>,
}

impl Cores {
  /// Starts `count` core threads (at least one), named `core <index>`.
  pub fn start(count: usize) -> std::io::Result<Arc<Cores>> {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut threads = Vec::with_capacity(count.max(1));
    for index in 0..count.max(1) {
      let (tx, rx) = mpsc::unbounded_channel::<Job>();
      let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
      std::thread::Builder::new()
        .name(format!("core {index}"))
        .spawn(move || {
          CURRENT.set(Some((id, index)));
          let local = tokio::task::LocalSet::new();
          local.block_on(&runtime, run_jobs(rx));
        })?;
      threads.push(tx);
    }
    Ok(Arc::new(Cores { id, threads }))
  }

  /// How many core threads there are.
  pub fn len(&self) -> usize {
    self.threads.len()
  }

  /// Never: there is at least one core thread.
  pub fn is_empty(&self) -> bool {
    self.threads.is_empty()
  }

  /// The index of the calling thread among these core threads, if it is
  /// one of them.
  pub fn current(&self) -> Option<usize> {
    CURRENT
      .get()
      .and_then(|(id, index)| (id == self.id).then_some(index))
  }

  /// Runs `job` on core thread `index`, inside its runtime and local task
  /// set (it may `spawn_local`). Fails once that thread has ended.
  pub fn run_on(
    &self,
    index: usize,
    job: impl FnOnce() + Send + 'static,
  ) -> std::io::Result<()> {
    let Some(thread) = self.threads.get(index) else {
      return Err(std::io::Error::other(format!("no core thread {index}")));
    };
    thread
      .send(Box::new(job))
      .map_err(|_| std::io::Error::other("the core thread has ended"))
  }

  /// Runs `future` as a task of core thread `index`.
  pub fn spawn(
    &self,
    index: usize,
    future: impl Future<Output = ()> + Send + 'static,
  ) -> std::io::Result<()> {
    self.run_on(index, move || {
      tokio::spawn(future);
    })
  }
}

async fn run_jobs(mut jobs: mpsc::UnboundedReceiver<Job>) {
  while let Some(job) = jobs.recv().await {
    job();
  }
}

/// Where an isolate's task registers its isolate once it exists, so that
/// [`Entered`] can enter it around each poll.
#[derive(Debug)]
pub(crate) struct Seat {
  isolate: Cell<Option<v8::UnsafeRawIsolatePtr>>,
}

// The only unsafe code of the workspace: rusty_v8 makes entering and
// exiting an isolate unsafe, and several isolates on one thread need both.
#[allow(unsafe_code)]
impl Seat {
  pub(crate) fn new() -> Rc<Seat> {
    Rc::new(Seat {
      isolate: Cell::new(None),
    })
  }

  /// Seats the isolate just created (and entered by its creation) on
  /// this thread. It must be [unseated](Seat::unseat) before it is
  /// dropped: [`SeatGuard`] does both.
  pub(crate) fn seat(self: &Rc<Self>, isolate: &v8::Isolate) -> SeatGuard {
    // SAFETY: the pointer is only used by `enter`/`exit` below while the
    // isolate lives: the guard clears it before the runtime is dropped.
    self
      .isolate
      .set(Some(unsafe { isolate.as_raw_isolate_ptr() }));
    SeatGuard(self.clone())
  }

  fn enter(&self) {
    if let Some(ptr) = self.isolate.get() {
      // SAFETY: seated isolates are alive (see `seat`) and belong to this
      // thread; enter/exit pairs are balanced by `Entered::poll`.
      unsafe { v8::Isolate::ref_from_raw_isolate_ptr(&ptr).enter() };
    }
  }

  fn exit(&self) {
    if let Some(ptr) = self.isolate.get() {
      // SAFETY: as in `enter`; the isolate was entered by `enter` or by
      // its creation during this poll.
      unsafe { v8::Isolate::ref_from_raw_isolate_ptr(&ptr).exit() };
    }
  }
}

/// Unseats the isolate when dropped: declared after the `JsRuntime` it
/// guards, it is dropped first, while the isolate is still entered.
pub(crate) struct SeatGuard(Rc<Seat>);

impl Drop for SeatGuard {
  fn drop(&mut self) {
    self.0.isolate.set(None);
  }
}

/// An isolate's task on a core thread: its isolate is entered while the
/// task is polled and when it is dropped, and exited otherwise.
pub(crate) struct Entered<F: Future<Output = ()>> {
  seat: Rc<Seat>,
  task: Option<Pin<Box<F>>>,
}

impl<F: Future<Output = ()>> Entered<F> {
  pub(crate) fn new(seat: Rc<Seat>, task: F) -> Self {
    Self {
      seat,
      task: Some(Box::pin(task)),
    }
  }
}

impl<F: Future<Output = ()>> Future for Entered<F> {
  type Output = ();

  fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
    let this = &mut *self;
    let Some(task) = this.task.as_mut() else {
      return Poll::Ready(());
    };
    // Balanced whatever the poll does: an isolate created during it is
    // entered by its creation and exited here; one dropped during it was
    // unseated first and exited by its drop.
    this.seat.enter();
    let poll = task.as_mut().poll(cx);
    this.seat.exit();
    if poll.is_ready() {
      this.task = None;
    }
    poll
  }
}

impl<F: Future<Output = ()>> Drop for Entered<F> {
  fn drop(&mut self) {
    if let Some(task) = self.task.take() {
      // The task drops its runtime: the isolate must be the current one.
      self.seat.enter();
      drop(task);
      // Unseated by the drop, which exited the isolate; if the task had
      // no isolate yet, there is nothing to exit.
    }
  }
}

/// Where an isolate runs.
#[derive(Debug, Clone)]
pub(crate) enum Host {
  /// On a thread of its own.
  Thread,
  /// As a task of one core thread, beside the others there.
  Core(Arc<Cores>, usize),
}
