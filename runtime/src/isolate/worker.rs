//! One isolate on its own thread: a current-thread tokio runtime drives a
//! `JsRuntime` booted from the startup snapshot; requests arrive through
//! the bridge's [`Inbox`].

use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsRuntime, PollEventLoopOptions, RuntimeOptions};
use edgeroute_http::{Inbox, JobSender, LoadReport};
use tokio::sync::{mpsc, oneshot};

use crate::extensions;
use crate::module::{EdgeLoader, ModuleCache};

/// The startup snapshot built by `build.rs`.
static SNAPSHOT: &[u8] =
  include_bytes!(concat!(env!("OUT_DIR"), "/EDGEROUTE_SNAPSHOT.bin"));

/// How many requests may wait in an isolate's inbox.
const INBOX_CAPACITY: usize = 1024;

/// What an isolate serves.
#[derive(Debug, Clone)]
pub struct IsolateSpec {
  /// Display name for the thread and logs (the route pattern).
  pub name: String,
  /// `file://` URL of the route module.
  pub specifier: String,
  /// Shared transpiled modules.
  pub cache: Arc<ModuleCache>,
  /// The process's draft-mode cookie value.
  pub preview_mode_id: Arc<str>,
  /// Where `revalidatePath` goes.
  pub revalidator: edgeroute_next::RevalidatorHandle,
}

/// The server's end of a running isolate.
#[derive(Debug, Clone)]
pub struct IsolateHandle {
  jobs: JobSender,
}

impl IsolateHandle {
  /// Where to send requests.
  pub fn jobs(&self) -> &JobSender {
    &self.jobs
  }
}

/// Starts an isolate thread. The receiver reports whether the route module
/// loaded; dropping every clone of the handle retires the isolate once its
/// in-flight requests finish.
pub fn spawn_isolate(
  spec: IsolateSpec,
) -> std::io::Result<(IsolateHandle, oneshot::Receiver<LoadReport>)> {
  let (jobs_tx, jobs_rx) = mpsc::channel(INBOX_CAPACITY);
  let (report_tx, report_rx) = oneshot::channel();
  let thread_name = format!("isolate {}", spec.name);
  std::thread::Builder::new()
    .name(thread_name)
    .spawn(move || run_isolate(spec, Inbox::new(jobs_rx, report_tx)))?;
  Ok((IsolateHandle { jobs: jobs_tx }, report_rx))
}

fn run_isolate(spec: IsolateSpec, inbox: Inbox) {
  let runtime = match tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
  {
    Ok(runtime) => runtime,
    Err(error) => {
      tracing::error!(route = %spec.name, %error, "cannot start isolate thread runtime");
      return;
    }
  };
  runtime.block_on(async move {
    let name = spec.name.clone();
    if let Err(error) = serve(spec, inbox).await {
      tracing::error!(route = %name, "isolate stopped: {error}");
    }
  });
}

async fn serve(
  spec: IsolateSpec,
  inbox: Inbox,
) -> Result<(), deno_core::error::CoreError> {
  let mut js = JsRuntime::try_new(RuntimeOptions {
    module_loader: Some(Rc::new(EdgeLoader::new(spec.cache.clone()))),
    startup_snapshot: Some(SNAPSHOT),
    extensions: extensions::for_runtime(crate::roots::system_roots()),
    ..Default::default()
  })?;
  {
    let state = js.op_state();
    let mut state = state.borrow_mut();
    state.put(super::permissions::route_permissions());
    state.put(inbox);
    state.put(edgeroute_next::PreviewModeId(
      spec.preview_mode_id.to_string(),
    ));
    state.put(spec.revalidator.clone());
  }
  // The snapshot leaves the boot function on the global; take it before any
  // route code runs so routes never see it.
  let specifier = serde_json::to_string(&spec.specifier).unwrap_or_default();
  let boot = format!(
    "(() => {{ const boot = globalThis.__edgerouteBoot; delete globalThis.__edgerouteBoot; return boot.serve({specifier}); }})()"
  );
  js.execute_script("[edgeroute:boot]", boot)?;
  js.run_event_loop(PollEventLoopOptions::default()).await
}
