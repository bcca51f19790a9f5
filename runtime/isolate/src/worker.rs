//! One isolate on its own thread: a current-thread tokio runtime drives a
//! `JsRuntime` booted from the startup snapshot; requests arrive through
//! the bridge's [`Inbox`].

use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsRuntime, PollEventLoopOptions, RuntimeOptions, v8};
use edgeroute_http::{Inbox, JobSender, LoadReport};
use tokio::sync::{mpsc, oneshot};

use edgeroute_modules::{ModuleCache, Runtime};

use super::control::{Breach, IsolateControl};
use super::cores::{Entered, Host, Seat};
use super::extensions;
use super::limits::IsolateLimits;
use super::loader::EdgeLoader;
use super::permissions::Sandbox;
use super::require::RequireHost;
use super::supervisor::Reservation;

/// The startup snapshot built by `build.rs`.
static SNAPSHOT: &[u8] =
  include_bytes!(concat!(env!("OUT_DIR"), "/EDGEROUTE_SNAPSHOT.bin"));

// `RESIDUAL_SCRIPTS` and `RESIDUAL_MODULES`: the lazily loaded extension
// files the snapshot did not evaluate (deno_node's `node:*` modules), as
// `build.rs` prepared them.
include!(concat!(env!("OUT_DIR"), "/residual.rs"));

/// How many requests may wait in an isolate's inbox.
const INBOX_CAPACITY: usize = 1024;

/// What every isolate of an app shares, known before its route is.
#[derive(Debug, Clone)]
pub struct IsolateBase {
  /// Shared transpiled modules.
  pub cache: Arc<ModuleCache>,
  /// The process's draft-mode cookie value.
  pub preview_mode_id: Arc<str>,
  /// Where `revalidatePath` goes.
  pub revalidator: edgeroute_next::RevalidatorHandle,
  /// The data cache of `unstable_cache` and tag invalidations (none: every
  /// read misses and nothing is kept).
  pub data_cache: Option<edgeroute_next::DataCacheHandle>,
  /// next.config's `cacheComponents` and `cacheLife`.
  pub cache_config: edgeroute_next::CacheConfig,
  /// `process.env`.
  pub env: edgeroute_node::ProcessEnv,
  /// The project folder: `process.cwd()` of Node.js routes, and what
  /// they may read.
  pub root: std::path::PathBuf,
  /// What Node.js routes may do beyond the defaults.
  pub sandbox: Arc<Sandbox>,
  /// Whether the app has Node.js routes: its spare isolates then compile
  /// the Node layer while they wait, and it keeps two of them.
  pub node_routes: bool,
}

/// What an isolate serves.
#[derive(Debug, Clone)]
pub struct IsolateSpec {
  /// Display name for the thread and logs (the route pattern).
  pub name: String,
  /// `file://` URL of the route module.
  pub specifier: String,
  /// The runtime the route runs on.
  pub runtime: Runtime,
  /// What it shares with the app's other isolates.
  pub base: IsolateBase,
  /// What the isolate may spend.
  pub limits: IsolateLimits,
}

/// A started isolate given its route.
#[derive(Debug)]
pub struct Started {
  /// Where to send requests; dropping every clone retires the isolate
  /// once its in-flight requests finish.
  pub jobs: JobSender,
  /// Its shared control.
  pub control: Arc<IsolateControl>,
  /// Whether the route module loaded, and its exports.
  pub report: oneshot::Receiver<LoadReport>,
  /// Whether it was the app's spare (booted before the route needed it).
  pub from_spare: bool,
}

/// An isolate thread booting (or booted) from the snapshot that does not
/// know its route yet: the app's spare. [`Booting::assign`] gives it one.
pub struct Booting {
  assign: oneshot::Sender<Assignment>,
  control: Arc<IsolateControl>,
}

/// What a booted isolate learns when it is given a route.
struct Assignment {
  name: String,
  specifier: String,
  runtime: Runtime,
  inbox: Inbox,
}

impl std::fmt::Debug for Booting {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.debug_struct("Booting")
      .field("control", &self.control)
      .finish_non_exhaustive()
  }
}

/// The isolate was gone before it could take its route.
#[derive(Debug, thiserror::Error)]
#[error("the isolate stopped before it was given its route")]
pub struct NotBooted;

impl Booting {
  /// Starts an isolate held to `limits` on `host` (a thread of its own, or
  /// a task of a core thread), which boots, then waits for its route.
  /// With `warm`, a made-up request runs through the request path first,
  /// so the route's first request finds that code compiled. Dropping the
  /// `Booting` ends the isolate. It holds `room` until it ends.
  pub(crate) fn start(
    base: IsolateBase,
    limits: IsolateLimits,
    warm: bool,
    room: Reservation,
    host: &Host,
  ) -> std::io::Result<Booting> {
    let (assign_tx, assign_rx) = oneshot::channel();
    let control = Arc::new(IsolateControl::new(limits.cpu));
    let task_control = control.clone();
    let dead = MarkDead(control.clone());
    let supervisor = room.supervisor();
    let thread = match host {
      Host::Thread => Some(
        std::thread::Builder::new()
          .name("isolate".to_owned())
          .spawn(move || {
            let _dead = dead;
            run_isolate(base, limits.heap, warm, assign_rx, task_control);
          })?,
      ),
      Host::Core(cores, index) => {
        cores.run_on(*index, move || {
          let seat = Seat::new();
          let task_seat = seat.clone();
          tokio::task::spawn_local(Entered::new(seat, async move {
            let _dead = dead;
            isolate_main(
              base,
              limits.heap,
              warm,
              assign_rx,
              task_control,
              Some(task_seat),
            )
            .await;
          }));
        })?;
        None
      }
    };
    // The isolate is counted until its thread is joined (or its task has
    // ended).
    match supervisor {
      Some(supervisor) => supervisor.adopt(thread, room, control.clone()),
      None => drop(room),
    }
    Ok(Booting {
      assign: assign_tx,
      control,
    })
  }

  /// Gives the isolate its route: it loads the module (once booted) and
  /// reports on [`Started::report`].
  pub fn assign(
    self,
    spec: &IsolateSpec,
    from_spare: bool,
  ) -> Result<Started, NotBooted> {
    let (jobs_tx, jobs_rx) = mpsc::channel(INBOX_CAPACITY);
    let (report_tx, report_rx) = oneshot::channel();
    let assignment = Assignment {
      name: spec.name.clone(),
      specifier: spec.specifier.clone(),
      runtime: spec.runtime,
      inbox: Inbox::new(jobs_rx, report_tx),
    };
    self.assign.send(assignment).map_err(|_| NotBooted)?;
    Ok(Started {
      jobs: jobs_tx,
      control: self.control,
      report: report_rx,
      from_spare,
    })
  }
}

/// Marks the isolate dead when its thread ends, however it ends.
struct MarkDead(Arc<IsolateControl>);

impl Drop for MarkDead {
  fn drop(&mut self) {
    self.0.set_dead();
  }
}

/// How long a retired, drained isolate keeps running for work its handlers
/// left behind (`after()` callbacks, a last log line) before it ends.
const RETIRED_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// How long an isolate with nothing in flight waits before collecting what
/// its boot left behind (once).
const BOOT_GARBAGE_IDLE: std::time::Duration =
  std::time::Duration::from_secs(2);

/// How often the heap in use is sampled (on the isolate's thread, between
/// turns).
const HEAP_SAMPLE_EVERY: std::time::Duration =
  std::time::Duration::from_millis(100);

fn run_isolate(
  base: IsolateBase,
  heap: usize,
  warm: bool,
  assign: oneshot::Receiver<Assignment>,
  control: Arc<IsolateControl>,
) {
  let runtime = match tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
  {
    Ok(runtime) => runtime,
    Err(error) => {
      tracing::error!(%error, "cannot start isolate thread runtime");
      return;
    }
  };
  runtime.block_on(isolate_main(base, heap, warm, assign, control, None));
}

/// An isolate's life: boot, wait for a route, serve it, on the thread that
/// polls it (whose CPU time its limit counts). On a core thread, the
/// isolate is seated in `seat` as soon as it exists.
async fn isolate_main(
  base: IsolateBase,
  heap: usize,
  warm: bool,
  assign: oneshot::Receiver<Assignment>,
  control: Arc<IsolateControl>,
  seat: Option<Rc<Seat>>,
) {
  control.bind_cpu_clock();
  let runtime_cell = Rc::new(std::cell::Cell::new(Runtime::Edge));
  let began = std::time::Instant::now();
  let mut js = match boot(&base, heap, &control, runtime_cell.clone()) {
    Ok(js) => js,
    Err(error) => {
      tracing::error!("cannot boot an isolate: {error}");
      return;
    }
  };
  // Declared after `js`, so dropped before it.
  let _seated = seat.map(|seat| seat.seat(js.v8_isolate()));
  let booted = began.elapsed();
  let node = base.node_routes;
  if warm && let Err(error) = warm_up(&mut js, node).await {
    // Only a missed speed-up: the isolate serves all the same.
    tracing::warn!("warming a spare isolate failed: {error}");
  }
  if warm {
    tracing::debug!(
      "spare isolate booted in {:.1} ms, warmed{} in {:.1} ms more",
      booted.as_secs_f64() * 1000.0,
      if node { " with the Node layer" } else { "" },
      (began.elapsed() - booted).as_secs_f64() * 1000.0
    );
  }
  // The app dropped its spare: nothing to serve.
  let Ok(assignment) = assign.await else {
    return;
  };
  let name = assignment.name.clone();
  runtime_cell.set(assignment.runtime);
  if let Err(error) = serve(&mut js, &base, assignment, heap, &control).await {
    match control.breach() {
      // The pool logs breaches with the requests they cost.
      Some(breach) => {
        tracing::debug!(route = %name, "isolate terminated: {breach}")
      }
      None => tracing::error!(route = %name, "isolate stopped: {error}"),
    }
  }
}

/// A `JsRuntime` from the snapshot with the app's state in place, held
/// to `heap` bytes of V8 heap. Its modules resolve as on the runtime
/// `runtime` holds (set once the isolate has its route).
pub(crate) fn boot(
  base: &IsolateBase,
  heap: usize,
  control: &Arc<IsolateControl>,
  runtime: Rc<std::cell::Cell<Runtime>>,
) -> Result<JsRuntime, deno_core::error::CoreError> {
  let mut js = JsRuntime::try_new(RuntimeOptions {
    module_loader: Some(Rc::new(EdgeLoader::new(base.cache.clone(), runtime))),
    startup_snapshot: Some(SNAPSHOT),
    residual_lazy_js_sources: RESIDUAL_SCRIPTS,
    residual_lazy_esm_sources: RESIDUAL_MODULES,
    extensions: extensions::for_runtime(super::roots::system_roots()),
    create_params: Some(v8::CreateParams::default().heap_limits(0, heap)),
    ..Default::default()
  })?;
  control.set_handle(js.v8_isolate().thread_safe_handle());
  let heap_control = control.clone();
  js.add_near_heap_limit_callback(move |current, _initial| {
    // Stop the JS and give V8 room to unwind instead of aborting the
    // process; the isolate is replaced afterwards.
    heap_control.terminate(Breach::Heap(heap));
    current.saturating_mul(2)
  });
  {
    let state = js.op_state();
    let mut state = state.borrow_mut();
    state.put(super::permissions::route_permissions(
      &base.root,
      &base.sandbox,
      Runtime::Edge,
    ));
    state.put(edgeroute_next::PreviewModeId(
      base.preview_mode_id.to_string(),
    ));
    state.put(base.revalidator.clone());
    state.put(base.cache_config.clone());
    if let Some(data_cache) = &base.data_cache {
      state.put(data_cache.clone());
    }
    state.put(edgeroute_node::ModuleHostHandle(Arc::new(
      RequireHost::new(base.cache.clone(), Runtime::Edge),
    )));
    state.put(base.env.clone());
    state.put(edgeroute_node::ProjectRoot(base.root.clone()));
  }
  Ok(js)
}

/// Runs `warm()` from the snapshot's boot object to completion.
async fn warm_up(
  js: &mut JsRuntime,
  node: bool,
) -> Result<(), deno_core::error::CoreError> {
  let promise = js.execute_script(
    "[edgeroute:warm]",
    format!("globalThis.__edgerouteBoot.warm({node})"),
  )?;
  let done = js.resolve(promise);
  js.with_event_loop_promise(done, PollEventLoopOptions::default())
    .await?;
  Ok(())
}

async fn serve(
  js: &mut JsRuntime,
  base: &IsolateBase,
  assignment: Assignment,
  heap: usize,
  control: &Arc<IsolateControl>,
) -> Result<(), deno_core::error::CoreError> {
  {
    let state = js.op_state();
    let mut state = state.borrow_mut();
    state.put(assignment.inbox);
    // What the route's code may reach and how its require() resolves
    // follow its runtime.
    state.put(super::permissions::route_permissions(
      &base.root,
      &base.sandbox,
      assignment.runtime,
    ));
    state.put(edgeroute_node::ModuleHostHandle(Arc::new(
      RequireHost::new(base.cache.clone(), assignment.runtime),
    )));
    // Next.js's name of the route's page: the root of its implicit cache
    // tags (`/api/items/[id]/route`; `/route` for `app/route.ts`).
    state.put(edgeroute_next::RoutePage(format!(
      "{}/route",
      assignment.name.trim_end_matches('/')
    )));
  }
  // The snapshot leaves the boot function on the global; take it before any
  // route code runs so routes never see it.
  let specifier = serde_json::to_string(&assignment.specifier)
    .map_err(|e| deno_core::error::CoreError::from(std::io::Error::other(e)))?;
  let boot = format!(
    "(() => {{ const boot = globalThis.__edgerouteBoot; delete globalThis.__edgerouteBoot; return boot.serve({specifier}, \"{}\"); }})()",
    assignment.runtime.as_str()
  );
  js.execute_script("[edgeroute:boot]", boot)?;
  let mut sampled = std::time::Instant::now();
  let mut drain_grace: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
  // Booting, warming and loading the route leave garbage behind (the Node
  // layer's above all): once the isolate has been idle a moment, one full
  // collection, so that idle isolates hold only what they keep.
  let mut boot_garbage: Option<std::pin::Pin<Box<tokio::time::Sleep>>> =
    Some(Box::pin(tokio::time::sleep(BOOT_GARBAGE_IDLE)));
  std::future::poll_fn(|cx| {
    control.turn_began();
    let poll = js.poll_event_loop(cx, PollEventLoopOptions::default());
    control.turn_ended();
    if let Some(idle) = boot_garbage.as_mut() {
      let in_flight = js
        .op_state()
        .borrow()
        .try_borrow::<Inbox>()
        .is_some_and(|inbox| !inbox.is_idle());
      if in_flight {
        idle
          .as_mut()
          .reset(tokio::time::Instant::now() + BOOT_GARBAGE_IDLE);
      } else if idle.as_mut().poll(cx).is_ready() {
        js.v8_isolate().low_memory_notification();
        boot_garbage = None;
      }
    }
    if control.is_retired() && poll.is_pending() {
      // A retired isolate whose event loop would never end on its own (a
      // timer or interval keeps it, or a handler nobody waits for) ends
      // once drained and given a moment for `after()` work.
      let drained = js
        .op_state()
        .borrow()
        .try_borrow::<Inbox>()
        .is_none_or(Inbox::is_drained);
      if !drained {
        drain_grace = None;
      } else if drain_grace
        .get_or_insert_with(|| Box::pin(tokio::time::sleep(RETIRED_GRACE)))
        .as_mut()
        .poll(cx)
        .is_ready()
      {
        return std::task::Poll::Ready(Ok(()));
      }
    }
    if control.breach().is_some() {
      // Terminated by a limit: V8 may have unwound only the job that ran,
      // so end the isolate here; dropping it answers what it held.
      return std::task::Poll::Ready(Ok(()));
    }
    if sampled.elapsed() >= HEAP_SAMPLE_EVERY {
      sampled = std::time::Instant::now();
      let stats = js.v8_isolate().get_heap_statistics();
      let used = stats.used_heap_size() + stats.external_memory();
      control.set_heap_used(used);
      // ArrayBuffer backing stores live outside the V8 heap, where the
      // near-heap-limit callback cannot see them: the heap limit covers
      // them here, with the same termination.
      if used > heap {
        control.terminate(Breach::Heap(heap));
        return std::task::Poll::Ready(Ok(()));
      }
    }
    poll
  })
  .await
}
