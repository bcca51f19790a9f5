//! The `edgeroute` command: a thin shell over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
  /// Start each route's isolates at startup instead of on first request.
  #[arg(long)]
  prewarm: bool,
  /// Where requests run: `per-core` (one thread per core runs connections
  /// and the isolates of busy routes, so a request stays on the thread
  /// that read it) or `per-isolate` (connections on tokio threads, every
  /// isolate on a thread of its own).
  #[arg(long, value_name = "MODEL", env = "EDGEROUTE_THREADS", default_value = "per-core", value_parser = parse_threads)]
  threads: edgeroute::Threads,
  /// Flags for V8, space-separated (e.g. "--perf-basic-prof" for perf to
  /// name JIT frames); unknown ones stop the server.
  #[arg(long, value_name = "FLAGS", allow_hyphen_values = true)]
  v8_flags: Option<String>,
  /// Do not keep an isolate booted ahead of the next route that needs one.
  #[arg(long)]
  no_spare: bool,
  /// Isolates kept per route even when idle.
  #[arg(long, value_name = "N", default_value_t = 0)]
  pool_min: usize,
  /// Most isolates per route [default: one per core].
  #[arg(long, value_name = "N")]
  pool_max: Option<usize>,
  /// Requests one isolate serves at once.
  #[arg(long, value_name = "N", default_value_t = 64)]
  isolate_concurrency: usize,
  /// Retire isolates idle this long (e.g. 60s, 500ms).
  #[arg(long, value_name = "TIME", default_value = "60s", value_parser = parse_duration)]
  idle_ttl: Duration,
  /// Requests that may wait for a free isolate of a route; more get 503 at
  /// once.
  #[arg(long, value_name = "N", default_value_t = 1024)]
  max_queue: usize,
  /// Longest a request waits for a free isolate before a 503.
  #[arg(long, value_name = "TIME", default_value = "10s", value_parser = parse_duration)]
  queue_timeout: Duration,
  /// Most isolates across all routes.
  #[arg(long, value_name = "N", default_value_t = 256)]
  max_isolates: usize,
  /// Most V8 heap across all isolates (KB/MB/GB).
  #[arg(long, value_name = "SIZE", default_value = "2GB", value_parser = parse_size)]
  max_memory: u64,
  /// Most CPU time JS may use without yielding to the event loop.
  #[arg(long, value_name = "TIME", default_value = "5s", value_parser = parse_duration)]
  cpu_limit: Duration,
  /// Longest a request may take (a route's `maxDuration` overrides it).
  #[arg(long, value_name = "TIME", default_value = "300s", value_parser = parse_duration)]
  wall_limit: Duration,
  /// Longest a client may take to send a request head.
  #[arg(long, value_name = "TIME", default_value = "30s", value_parser = parse_duration)]
  header_timeout: Duration,
  /// Close a connection idle this long (no request in flight).
  #[arg(long, value_name = "TIME", default_value = "5s", value_parser = parse_duration)]
  keep_alive_timeout: Duration,
  /// Longest pause while a client sends a request body (then 408).
  #[arg(long, value_name = "TIME", default_value = "30s", value_parser = parse_duration)]
  body_timeout: Duration,
  /// Most connections open at once; more wait in the backlog [default:
  /// half the open-files limit].
  #[arg(long, value_name = "N")]
  max_connections: Option<usize>,
  /// V8 heap per isolate (KB/MB/GB).
  #[arg(long, value_name = "SIZE", default_value = "128MB", value_parser = parse_size)]
  heap_limit: u64,
  /// Node.js routes may also read these files or folders (they always
  /// read the project).
  #[arg(
    long,
    value_name = "PATH",
    require_equals = true,
    value_delimiter = ','
  )]
  allow_read: Vec<PathBuf>,
  /// Node.js routes may write files: anywhere, or under the given paths.
  #[arg(long, value_name = "PATH", num_args = 0..=1, require_equals = true, value_delimiter = ',')]
  allow_write: Option<Vec<PathBuf>>,
  /// Node.js routes may run programs: any, or the given ones.
  #[arg(long, value_name = "CMD", num_args = 0..=1, require_equals = true, value_delimiter = ',')]
  allow_run: Option<Vec<String>>,
  /// Where unstable_cache entries and tag invalidations are kept behind
  /// memory: disk (.edgeroute/cache in the project), memory, or a Redis
  /// URL (redis://host:port/db) that every instance shares.
  #[arg(long, value_name = "STORE", default_value = "disk", value_parser = parse_cache)]
  cache: edgeroute::CacheBackend,
  /// Serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9090).
  #[arg(long, value_name = "ADDR")]
  metrics: Option<String>,
  /// Write a line per request to stdout (off by default, as next start).
  #[arg(long)]
  access_log: bool,
  /// The access log's format: text (for people) or json (for machines).
  #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json"])]
  log_format: String,
  /// Serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with this PEM certificate
  /// chain; needs --tls-key. Both files are read again on SIGHUP.
  #[arg(long, value_name = "FILE", requires = "tls_key")]
  tls_cert: Option<PathBuf>,
  /// The PEM private key of --tls-cert.
  #[arg(long, value_name = "FILE", requires = "tls_cert")]
  tls_key: Option<PathBuf>,
}

impl ServeArgs {
  fn app_config(&self) -> edgeroute::AppConfig {
    let default_max = edgeroute::PoolConfig::default().max;
    edgeroute::AppConfig {
      isolates: edgeroute::IsolateConfig {
        pool: edgeroute::PoolConfig {
          min: self.pool_min,
          max: self.pool_max.unwrap_or(default_max).max(self.pool_min),
          concurrency: self.isolate_concurrency,
          max_queue: self.max_queue,
          queue_timeout: self.queue_timeout,
          idle_ttl: self.idle_ttl,
        },
        limits: edgeroute::IsolateLimits {
          cpu: self.cpu_limit,
          heap: usize::try_from(self.heap_limit).unwrap_or(usize::MAX),
        },
        max_isolates: self.max_isolates,
        max_memory: usize::try_from(self.max_memory).unwrap_or(usize::MAX),
        spare: !self.no_spare,
        threads: self.threads,
      },
      wall: self.wall_limit,
      sandbox: edgeroute::Sandbox {
        read: self.allow_read.clone(),
        write: self.allow_write.clone(),
        run: self.allow_run.clone(),
      },
      cache: self.cache.clone(),
      ..Default::default()
    }
  }
}

/// `500ms`, `5s`, `2m`, or plain seconds.
fn parse_threads(text: &str) -> Result<edgeroute::Threads, String> {
  match text {
    "per-isolate" => Ok(edgeroute::Threads::PerIsolate),
    "per-core" => Ok(edgeroute::Threads::PerCore),
    other => Err(format!("`{other}`: expected per-isolate or per-core")),
  }
}

fn parse_duration(text: &str) -> Result<Duration, String> {
  let text = text.trim();
  let split = text
    .find(|c: char| !c.is_ascii_digit())
    .unwrap_or(text.len());
  let (digits, unit) = text.split_at(split);
  let number: u64 = digits
    .parse()
    .map_err(|_| format!("'{text}' is not a duration (try 5s or 500ms)"))?;
  match unit {
    "ms" => Ok(Duration::from_millis(number)),
    "" | "s" => Ok(Duration::from_secs(number)),
    "m" => Ok(Duration::from_secs(number * 60)),
    other => Err(format!("unknown duration unit '{other}' (use ms, s or m)")),
  }
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

/// `disk`, `memory`, or `redis://...` / `rediss://...`.
fn parse_cache(text: &str) -> Result<edgeroute::CacheBackend, String> {
  match text {
    "disk" => Ok(edgeroute::CacheBackend::Disk),
    "memory" => Ok(edgeroute::CacheBackend::Memory),
    url if url.starts_with("redis://") || url.starts_with("rediss://") => {
      Ok(edgeroute::CacheBackend::Redis(url.to_owned()))
    }
    other => Err(format!(
      "'{other}' is not a cache store: disk, memory or redis://host:port/db"
    )),
  }
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
  if let Some(flags) = &args.v8_flags {
    let unknown = edgeroute::set_v8_flags(flags);
    if !unknown.is_empty() {
      anyhow::bail!("unknown V8 flags: {}", unknown.join(" "));
    }
  }
  // Before the connection cap's default is read from it.
  edgeroute::raise_open_files_limit();
  let defaults = edgeroute::ConnectionLimits::default();
  let connections = edgeroute::ConnectionLimits {
    header_timeout: args.header_timeout,
    keep_alive_timeout: args.keep_alive_timeout,
    body_timeout: args.body_timeout,
    max_connections: args.max_connections.unwrap_or(defaults.max_connections),
  };
  let config = args.app_config();
  let app = match edgeroute::App::load_with(&args.dir, &config) {
    Ok(app) => Arc::new(app),
    Err(error) => {
      eprintln!("error: {error}");
      std::process::exit(1);
    }
  };
  print!("{}", app.route_table());
  print!("{}", app.front_summary());
  let access_log = match (args.access_log, args.log_format.as_str()) {
    (false, _) => edgeroute::AccessLog::Off,
    (true, "json") => edgeroute::AccessLog::Json,
    (true, _) => edgeroute::AccessLog::Text,
  };
  let server = edgeroute::Server::bind(app.clone(), &args.hostname, args.port)
    .await?
    .max_body_size(args.max_body_size)
    .compress(!args.no_compress)
    .connections(connections)
    .access_log(access_log);
  let tls = match (&args.tls_cert, &args.tls_key) {
    (Some(cert), Some(key)) => Some(Arc::new(edgeroute::Tls::load(cert, key)?)),
    _ => None,
  };
  let server = match &tls {
    Some(tls) => server.tls(tls.clone()),
    None => server,
  };
  if let Some(addr) = &args.metrics {
    let metrics = edgeroute::MetricsServer::bind(app.clone(), addr).await?;
    println!("Metrics on http://{}/metrics", metrics.local_addr()?);
    tokio::spawn(metrics.run(std::future::pending()));
  }
  if args.prewarm {
    let warming = std::time::Instant::now();
    app.prewarm().await?;
    tracing::info!(
      "prewarmed {} isolates in {} ms",
      app.live_isolates(),
      warming.elapsed().as_millis()
    );
  }
  println!(
    "\n{} routes, {} modules compiled in {} ms\nReady on {}",
    app.routes().len(),
    app.module_count(),
    started.elapsed().as_millis(),
    server.origin()
  );
  tokio::spawn(edgeroute::reload_on_hangup(app.clone(), move || {
    if let Some(tls) = &tls {
      match tls.reload() {
        Ok(()) => tracing::info!("SIGHUP: TLS certificate reloaded"),
        Err(error) => tracing::error!(
          "SIGHUP: TLS certificate not reloaded, the previous one stays: {error}"
        ),
      }
    }
  }));
  server.run(edgeroute::shutdown_signal()).await?;
  Ok(())
}
