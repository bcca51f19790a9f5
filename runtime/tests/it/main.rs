//! The integration tests: each module starts real servers (in this process
//! or as the `edgeroute` binary) and talks HTTP to them.
//!
//! One test binary rather than one per file: each links V8, so separate
//! binaries cost ~200 MB of disk and a long link apiece.

mod common;

mod ai_sdk;
mod cli;
mod connections;
mod cookie_fuzz;
mod disconnect;
mod embed;
mod examples;
mod external_rewrite;
mod fetch;
mod globals;
mod handler_exports;
mod hardening;
mod http2;
mod isolation;
mod limits;
mod next_config;
mod next_cookies;
mod next_headers;
mod nextjs_parity;
mod npm_packages;
mod one_owner;
mod operate;
mod per_core;
mod pools;
mod process_env;
mod request_body;
mod sandbox;
mod segment_config;
mod shared_cache;
mod streaming;
mod tls;
