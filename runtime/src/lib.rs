//! # edgeroute
//!
//! Serves the route handlers (`route.js` / `route.ts`) of a Next.js `app/`
//! folder on V8, answering as `next start` does.
//!
//! ```no_run
//! # async fn run() -> Result<(), edgeroute::Error> {
//! use std::sync::Arc;
//!
//! let app = Arc::new(edgeroute::App::load("path/to/project")?);
//! print!("{}", app.route_table());
//! let server = edgeroute::Server::bind(app, "127.0.0.1", 3000).await?;
//! server.run(edgeroute::shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! [`App::load`] scans the route tree (rejecting the conflicts Next.js
//! rejects) and compiles every route module; [`Server`] binds and serves it
//! over HTTP/1.1. Each route runs in its own V8 isolate, started on its
//! first request.
#![deny(missing_docs)]

/// The README's Rust example, compiled so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

mod app;
mod config;
mod env;
mod error;
mod front;
mod http;
mod metrics;
mod next_config;
mod prerender;
mod proxy;
pub mod segment_config;
mod signal;

pub use app::{App, Route};
pub use config::{AppConfig, CacheBackend, DEFAULT_WALL_LIMIT, RouteOverride};
pub use edgeroute_http::ResponseBody as Body;
pub use edgeroute_isolate::set_v8_flags;
pub use edgeroute_isolate::{
  Breach, IsolateConfig, IsolateLimits, PoolConfig, PoolError, PoolStats,
  Runtime, Sandbox, Threads,
};
pub use edgeroute_modules::ModuleError;
pub use edgeroute_routes as routes;
pub use env::{AppEnv, env_files};
pub use error::Error;
pub use http::{
  AccessLog, AppService, ClientInfo, ConnectionLimits, DEFAULT_MAX_BODY_SIZE,
  MetricsServer, Server, Tls, raise_open_files_limit,
};
pub use metrics::Metrics;
pub use signal::{reload_on_hangup, shutdown_signal};
