//! Isolates: each V8 isolate owns a thread (V8 exits isolates of one
//! thread in creation order, so isolates sharing a thread could not be
//! retired one by one); the kernel spreads the threads over the cores.
//!
//! [`worker`] owns the thread and the `JsRuntime`; [`pool`] decides when
//! isolates start and which one serves a request; [`spare`] keeps one
//! isolate booted ahead of need for the next route; [`supervisor`] enforces
//! CPU time, idle retirement and the app-wide caps; [`config`] holds the
//! knobs and their defaults.

mod config;
mod control;
mod permissions;
mod pool;
mod spare;
mod supervisor;
mod worker;

pub use config::{IsolateConfig, Limits, PoolConfig, RouteOverride};
pub use control::Breach;
pub use pool::{PoolError, PoolStats, RoutePool};
pub use spare::Spare;
pub use supervisor::Supervisor;
pub use worker::{IsolateBase, IsolateSpec};
