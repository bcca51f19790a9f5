//! A throwaway isolate that evaluates one module at startup and hands back
//! a value: next.config is loaded this way, on the Node.js runtime, as
//! `next start` loads it (it may be async, a function of the phase, and
//! import packages). The isolate boots from the same snapshot as route
//! isolates, with the same permissions and module scope, and ends once the
//! value is back.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use deno_core::PollEventLoopOptions;
use edgeroute_modules::Runtime;
use tokio::sync::oneshot;

use super::control::{Breach, IsolateControl};
use super::require::RequireHost;
use super::worker::{IsolateBase, boot};

/// Why the module could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
  /// The isolate could not start.
  #[error("cannot start an isolate: {0}")]
  Start(String),
  /// The module threw, failed to load, or did not produce a value; the
  /// message is JS's (source-mapped stack, file and line).
  #[error("{0}")]
  Threw(String),
  /// It took longer than it may.
  #[error("did not finish within {0:?}")]
  TimedOut(Duration),
}

/// Evaluates `script` — an expression over the snapshot's boot object
/// (`globalThis.__edgerouteBoot`) resolving to a string — in a fresh
/// isolate on the Node.js runtime, within `limit` of wall time and `heap`
/// bytes of V8 heap.
pub(crate) fn evaluate(
  base: &IsolateBase,
  script: String,
  heap: usize,
  limit: Duration,
) -> Result<String, EvaluateError> {
  let (tx, rx) = std::sync::mpsc::channel();
  let (handle_tx, handle_rx) = oneshot::channel::<Arc<IsolateControl>>();
  let base = base.clone();
  let thread = std::thread::Builder::new()
    .name("isolate-evaluate".to_owned())
    .spawn(move || {
      let _ = tx.send(run(&base, script, heap, handle_tx));
    })
    .map_err(|error| EvaluateError::Start(error.to_string()))?;
  let outcome = match rx.recv_timeout(limit) {
    Ok(outcome) => outcome,
    Err(_) => {
      // Stop the JS (a config that never settles, or spins) and let the
      // thread end on its own.
      if let Ok(control) = handle_rx.blocking_recv() {
        control.terminate(Breach::Cpu(limit));
      }
      let _ = thread.join();
      return Err(EvaluateError::TimedOut(limit));
    }
  };
  let _ = thread.join();
  outcome
}

fn run(
  base: &IsolateBase,
  script: String,
  heap: usize,
  handle: oneshot::Sender<Arc<IsolateControl>>,
) -> Result<String, EvaluateError> {
  let runtime = tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
    .map_err(|error| EvaluateError::Start(error.to_string()))?;
  let control = Arc::new(IsolateControl::new(Duration::MAX));
  runtime.block_on(async move {
    let cell = Rc::new(std::cell::Cell::new(Runtime::NodeJs));
    let mut js = boot(base, heap, &control, cell)
      .map_err(|error| EvaluateError::Start(error.to_string()))?;
    let _ = handle.send(control.clone());
    {
      let state = js.op_state();
      let mut state = state.borrow_mut();
      state.put(super::permissions::route_permissions(
        &base.root,
        &base.sandbox,
        Runtime::NodeJs,
      ));
      state.put(edgeroute_node::ModuleHostHandle(Arc::new(
        RequireHost::new(base.cache.clone(), Runtime::NodeJs),
      )));
    }
    let threw = |error: &dyn std::fmt::Display| match control.breach() {
      Some(_) => EvaluateError::Threw("terminated".to_owned()),
      None => EvaluateError::Threw(error.to_string()),
    };
    let promise = js
      .execute_script("[edgeroute:evaluate]", script)
      .map_err(|error| threw(&error))?;
    let done = js.resolve(promise);
    let value = js
      .with_event_loop_promise(done, PollEventLoopOptions::default())
      .await
      .map_err(|error| threw(&error))?;
    deno_core::scope!(scope, js);
    let value = deno_core::v8::Local::new(scope, value);
    if !value.is_string() {
      return Err(EvaluateError::Threw(
        "the module did not produce a value".to_owned(),
      ));
    }
    Ok(value.to_rust_string_lossy(scope))
  })
}
