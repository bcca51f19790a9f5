//! Shutdown on SIGINT / SIGTERM.

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
