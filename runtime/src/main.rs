//! The `edgeroute` command: a thin shell over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

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
  Serve(ServeArgs),
}

#[derive(Args)]
struct ServeArgs {
  /// The folder that holds app/, or app/ itself.
  dir: PathBuf,
  /// Port to listen on.
  #[arg(long, short, env = "PORT", default_value_t = 3000)]
  port: u16,
  /// Hostname to listen on.
  #[arg(long, short = 'H', default_value = "localhost")]
  hostname: String,
  /// Largest request body accepted (bytes, or with KB/MB/GB); larger
  /// bodies get 413.
  #[arg(long, default_value = "10MB", value_parser = parse_size)]
  max_body_size: u64,
  /// Send answers uncompressed even to clients that accept gzip/br.
  #[arg(long)]
  no_compress: bool,
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
      Command::Serve(args) => serve(args).await,
    }
  })
}

/// `10485760`, `512KB`, `10MB`, `1GB` (binary multiples).
fn parse_size(text: &str) -> Result<u64, String> {
  let upper = text.trim().to_ascii_uppercase();
  let (digits, unit) = match upper.find(|c: char| !c.is_ascii_digit()) {
    Some(at) => upper.split_at(at),
    None => (upper.as_str(), ""),
  };
  let number: u64 = digits
    .parse()
    .map_err(|_| format!("'{text}' is not a size (try 10MB)"))?;
  let factor: u64 = match unit.trim() {
    "" | "B" => 1,
    "KB" | "K" => 1 << 10,
    "MB" | "M" => 1 << 20,
    "GB" | "G" => 1 << 30,
    other => {
      return Err(format!("unknown size unit '{other}' (use KB, MB or GB)"));
    }
  };
  number
    .checked_mul(factor)
    .ok_or_else(|| format!("'{text}' is too large"))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
  let started = std::time::Instant::now();
  let app = match edgeroute::App::load(&args.dir) {
    Ok(app) => Arc::new(app),
    Err(error) => {
      eprintln!("error: {error}");
      std::process::exit(1);
    }
  };
  print!("{}", app.route_table());
  let server = edgeroute::Server::bind(app.clone(), &args.hostname, args.port)
    .await?
    .max_body_size(args.max_body_size)
    .compress(!args.no_compress);
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

#[cfg(test)]
mod tests {
  use super::parse_size;

  #[test]
  fn sizes_parse_with_binary_units() {
    assert_eq!(parse_size("1024"), Ok(1024));
    assert_eq!(parse_size("512KB"), Ok(512 * 1024));
    assert_eq!(parse_size("10mb"), Ok(10 * 1024 * 1024));
    assert_eq!(parse_size("1G"), Ok(1 << 30));
    assert!(parse_size("ten").is_err());
    assert!(parse_size("5TB").is_err());
  }
}
