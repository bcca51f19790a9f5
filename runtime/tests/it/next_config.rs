//! next.config and proxy.ts at startup: evaluated in a throwaway isolate,
//! errors naming the file and line, Next's refusals, what startup prints,
//! and `env` inlined as `next build` inlines it
//! (test-apps/next-config/<case>).

use std::time::Duration;

use crate::common::process::{Running, run_to_exit};
use crate::common::raw_request;

const FAILS_WITHIN: Duration = Duration::from_secs(20);

#[test]
fn a_config_that_throws_stops_startup_naming_its_file_and_line() {
  let out = run_to_exit(
    &["serve", "test-apps/next-config/broken", "--port", "0"],
    FAILS_WITHIN,
  );
  assert_ne!(out.status.code(), Some(0), "{}", out.stderr);
  assert!(
    out
      .stderr
      .contains("no config for phase-production-server (3 rules)"),
    "{}",
    out.stderr
  );
  assert!(out.stderr.contains("next.config.mjs:4"), "{}", out.stderr);
}

#[test]
fn next_config_cjs_is_refused_as_next_start_refuses_it() {
  let out = run_to_exit(
    &["serve", "test-apps/next-config/cjs", "--port", "0"],
    FAILS_WITHIN,
  );
  assert_ne!(out.status.code(), Some(0), "{}", out.stderr);
  assert!(
    out.stderr.contains(
      "Configuring Next.js via 'next.config.cjs' is not supported. Please replace the file with 'next.config.js', 'next.config.mjs', or 'next.config.ts'."
    ),
    "{}",
    out.stderr
  );
}

#[test]
fn env_is_inlined_where_read_and_unknown_keys_warn() {
  let server = Running::serve("test-apps/next-config/env", &[]);
  let answer = raw_request(server.addr, "GET", "/api/env", &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(
    answer.text(),
    r#"{"direct":"inlined","computed":null,"inKeys":false}"#
  );
  let stderr = server.stderr();
  assert!(stderr.contains("notAnOption"), "{stderr}");
}

#[test]
fn the_404_page_says_powered_by_next_unless_the_config_says_not() {
  let plain = Running::serve("test-apps/next-config/middleware", &[]);
  let answer = raw_request(plain.addr, "GET", "/nothing", &[], None);
  assert_eq!(answer.status, 404);
  assert_eq!(answer.header("x-powered-by"), Some("Next.js"));
  let quiet = Running::serve("test-apps/next-config/env", &[]);
  let answer = raw_request(quiet.addr, "GET", "/nothing", &[], None);
  assert_eq!(answer.status, 404);
  assert_eq!(answer.header("x-powered-by"), None);
}

#[test]
fn startup_prints_the_config_the_proxy_and_public_files() {
  let server = Running::serve("test-apps/config-basepath", &[]);
  // Printed before `Ready on`, which serve() waited for.
  let stdout = server.stdout.lock().expect("stdout").clone();
  assert!(
    stdout.contains("config: next.config.mjs (headers ")
      && stdout.contains("basePath /docs"),
    "{stdout}"
  );
  assert!(stdout.contains("public: "), "{stdout}");
}

#[test]
fn middleware_ts_warns_and_runs_on_the_edge() {
  let server = Running::serve("test-apps/next-config/middleware", &[]);
  let answer = raw_request(server.addr, "GET", "/api/x", &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.header("x-middleware-ran"), Some("string"));
  let stderr = server.stderr();
  assert!(
    stderr.contains("The \"middleware\" file convention is deprecated"),
    "{stderr}"
  );
}
