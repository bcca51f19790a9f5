//! Shutdown on SIGINT / SIGTERM; reload on SIGHUP.

use std::sync::Arc;

use crate::app::App;

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM. From then on, a
/// second SIGINT ends the process at once (exit status 130), without
/// waiting for the requests in flight: the person at the terminal meant
/// it.
pub async fn shutdown_signal() {
  first_signal().await;
  tokio::spawn(async {
    if tokio::signal::ctrl_c().await.is_ok() {
      eprintln!(
        "second interrupt: exiting without waiting for requests in flight"
      );
      std::process::exit(130);
    }
  });
}

async fn first_signal() {
  let ctrl_c = async {
    if tokio::signal::ctrl_c().await.is_err() {
      std::future::pending::<()>().await;
    }
  };
  #[cfg(unix)]
  let terminate = async {
    match tokio::signal::unix::signal(
      tokio::signal::unix::SignalKind::terminate(),
    ) {
      Ok(mut signal) => {
        signal.recv().await;
      }
      Err(_) => std::future::pending::<()>().await,
    }
  };
  #[cfg(not(unix))]
  let terminate = std::future::pending::<()>();
  tokio::select! {
    () = ctrl_c => {},
    () = terminate => {},
  }
}

/// Reloads `app` from disk on every SIGHUP ([`App::reload`], on a blocking
/// thread, one at a time), logging the outcome; `also` runs after each
/// attempt, whatever its outcome (the server reloads its certificates). Never returns; off
/// Unix it waits forever.
pub async fn reload_on_hangup(app: Arc<App>, also: impl Fn() + Send + 'static) {
  #[cfg(unix)]
  {
    let Ok(mut hangups) =
      tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
    else {
      tracing::warn!("SIGHUP cannot be watched: no reload on SIGHUP");
      return std::future::pending().await;
    };
    while hangups.recv().await.is_some() {
      let began = std::time::Instant::now();
      let reloading = app.clone();
      match tokio::task::spawn_blocking(move || reloading.reload()).await {
        Ok(Ok(())) => {
          tracing::info!(
            "SIGHUP: reloaded in {} ms ({} routes); requests in flight finish on the previous version",
            began.elapsed().as_millis(),
            app.routes().len()
          );
        }
        Ok(Err(error)) => tracing::error!(
          "SIGHUP: reload failed, still serving the previous version: {error}"
        ),
        Err(error) => tracing::error!("SIGHUP: reload failed: {error}"),
      }
      also();
    }
  }
  let _ = (&app, &also);
  std::future::pending().await
}
