//! The `edgeroute` command: a thin shell over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
  name = "edgeroute",
  version,
  about = "Serve the route handlers of a Next.js app/ folder on V8"
)]
struct Cli {
  #[command(subcommand)]
  command: Command,
}

#[derive(Subcommand)]
enum Command {
  /// Serve every route.js / route.ts under <DIR>/app (or <DIR> if it is app/).
  Serve {
    /// The folder that holds app/, or app/ itself.
    dir: PathBuf,
    /// Port to listen on.
    #[arg(long, short, env = "PORT", default_value_t = 3000)]
    port: u16,
    /// Hostname to listen on.
    #[arg(long, short = 'H', default_value = "localhost")]
    hostname: String,
  },
}

fn main() -> anyhow::Result<()> {
  tracing_subscriber::fmt()
    .with_env_filter(
      tracing_subscriber::EnvFilter::try_from_env("EDGEROUTE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
    )
    .with_target(false)
    // Logs are diagnostics: stdout keeps only the route table and the
    // `Ready on` line, and a log piped to a file carries no colour codes.
    .with_writer(std::io::stderr)
    .with_ansi(std::io::stderr().is_terminal())
    .init();
  let cli = Cli::parse();
  let runtime = tokio::runtime::Builder::new_multi_thread()
    .enable_all()
    .build()
    .context("starting the tokio runtime")?;
  runtime.block_on(async move {
    match cli.command {
      Command::Serve {
        dir,
        port,
        hostname,
      } => serve(dir, port, hostname).await,
    }
  })
}

async fn serve(
  dir: PathBuf,
  port: u16,
  hostname: String,
) -> anyhow::Result<()> {
  let started = std::time::Instant::now();
  let app = match edgeroute::App::load(&dir) {
    Ok(app) => Arc::new(app),
    Err(error) => {
      eprintln!("error: {error}");
      std::process::exit(1);
    }
  };
  print!("{}", app.route_table());
  let server = edgeroute::Server::bind(app.clone(), &hostname, port).await?;
  println!(
    "\n{} routes, {} modules compiled in {} ms\nReady on {}",
    app.routes().len(),
    app.module_count(),
    started.elapsed().as_millis(),
    server.origin()
  );
  server.run(edgeroute::shutdown_signal()).await?;
  Ok(())
}
