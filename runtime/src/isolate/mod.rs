//! Isolates: one V8 isolate per worker thread, serving one route module.
//!
//! [`worker`] owns the thread and the `JsRuntime`; [`pool`] decides when
//! isolates start and hands requests to them.

mod permissions;
mod pool;
mod worker;

pub use pool::{RoutePool, RouteReady};
pub use worker::IsolateSpec;
