//! The `edgeroute` binary as a user runs it: startup errors, the `Ready on`
//! line, what lands in the log, signals and the `PORT` variable.
//!
//! Every server listens on `--port 0` (or a port picked just before) and
//! tells its address through the `Ready on http://host:port` line.

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use crate::common::process::{Finished, Running, edgeroute, run_to_exit};
use crate::common::{raw_request, repo_root};

/// How long a failing startup may take to exit.
const FAILS_WITHIN: Duration = Duration::from_secs(15);

/// A fixture file's canonical path, as the binary prints it.
fn fixture(path: &str) -> PathBuf {
  let path = repo_root().join(path);
  std::fs::canonicalize(&path)
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `file:line:column` (1-based) of the first occurrence of `needle` in a
/// fixture, so assertions follow the fixture when it is edited.
fn position_of(path: &str, needle: &str) -> String {
  let file = fixture(path);
  let text = std::fs::read_to_string(&file).expect("fixture readable");
  let (line, column) = text
    .lines()
    .enumerate()
    .find_map(|(i, line)| line.find(needle).map(|c| (i + 1, c + 1)))
    .unwrap_or_else(|| panic!("{needle:?} not in {path}"));
  format!("{}:{line}:{column}", file.display())
}

/// `serve <app>` must stop before listening, naming every file in `files`.
fn assert_startup_fails(app: &str, files: &[&str]) -> Finished {
  let out = run_to_exit(&["serve", app, "--port", "0"], FAILS_WITHIN);
  assert!(
    !out.status.success(),
    "{app}: exit status {}, stderr:\n{}",
    out.status,
    out.stderr
  );
  assert!(
    !out.stdout.contains("Ready on"),
    "{app}: served anyway:\n{}",
    out.stdout
  );
  for file in files {
    let path = fixture(&format!("{app}/{file}"));
    assert!(
      out.stderr.contains(&path.display().to_string()),
      "{app}: stderr does not name {}:\n{}",
      path.display(),
      out.stderr
    );
  }
  out
}

/// `serve <app>` must stop naming `file` at the first `needle` in it,
/// which the fixture puts at `line:column`.
fn assert_stops_at(
  app: &str,
  file: &str,
  needle: &str,
  line_column: &str,
) -> Finished {
  let out = assert_startup_fails(app, &[file]);
  let at = position_of(&format!("{app}/{file}"), needle);
  assert!(
    at.ends_with(&format!("{file}:{line_column}")),
    "fixture moved: {at}"
  );
  assert!(out.stderr.contains(&at), "no {at} in:\n{}", out.stderr);
  out
}

#[test]
fn syntax_error_stops_startup_at_its_line_and_column() {
  // `{ ok: true` is never closed: swc stops at the `return` below it, as
  // `next build` does (./app/broken/route.ts:3:3).
  let out = assert_stops_at(
    "test-apps/conflicts/syntax-error",
    "app/broken/route.ts",
    "return",
    "3:3",
  );
  assert!(out.took < FAILS_WITHIN, "took {:?}", out.took);
}

#[test]
fn type_syntax_error_stops_startup_at_its_line_and_column() {
  // `let count: = 1`: the type is missing, swc stops at the `=`.
  assert_stops_at(
    "test-apps/conflicts/type-syntax-error",
    "app/typed/route.ts",
    "= 1",
    "4:14",
  );
}

#[test]
fn conflict_slug_names_names_both_files() {
  assert_startup_fails(
    "test-apps/conflicts/slug-names",
    &["app/[id]/route.ts", "app/[slug]/route.ts"],
  );
}

#[test]
fn conflict_catchall_not_last_names_the_file() {
  assert_startup_fails(
    "test-apps/conflicts/catchall-not-last",
    &["app/[...a]/b/route.ts"],
  );
}

#[test]
fn conflict_required_and_optional_names_both_files() {
  assert_startup_fails(
    "test-apps/conflicts/required-and-optional",
    &["app/[...a]/route.ts", "app/[[...a]]/route.ts"],
  );
}

#[test]
fn conflict_optional_specificity_names_both_files() {
  assert_startup_fails(
    "test-apps/conflicts/optional-specificity",
    &["app/a/route.ts", "app/a/[[...x]]/route.ts"],
  );
}

#[test]
fn conflict_route_and_page_names_both_files() {
  assert_startup_fails(
    "test-apps/conflicts/route-and-page",
    &["app/x/route.ts", "app/x/page.tsx"],
  );
}

#[test]
fn ready_line_gives_the_real_address() {
  let server = Running::serve("test-apps/cli", &[]);
  assert_ne!(server.addr.port(), 0);
  let answer = raw_request(server.addr, "GET", "/", &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), "edgeroute cli fixture");
  // The route table comes first, on stdout; logs never go there.
  let stdout = server.stdout.lock().expect("stdout").clone();
  assert!(stdout.contains("app/slow/route.ts"), "stdout:\n{stdout}");
}

#[test]
fn handler_throw_answers_500_and_logs_where_it_threw() {
  let server = Running::serve("test-apps/routing", &[]);
  let answer = raw_request(server.addr, "GET", "/errors/throws", &[], None);
  assert_eq!(answer.status, 500);
  assert!(answer.body.is_empty(), "body: {:?}", answer.text());
  let file = "test-apps/routing/app/errors/throws/route.ts";
  // request.url is on localhost and the listening port, as in `next start`.
  let url = format!("{}/errors/throws", server.request_origin());
  server.log_line_with(&["GET", &url, &fixture(file).display().to_string()]);
  let log = server.wait_for_log("boom from route handler");
  // The stack frame: the handler's `new Error(...)` in the route file.
  let at = position_of(file, "new Error");
  assert!(log.contains(&at), "no {at} in:\n{log}");
}

#[test]
fn handler_throw_position_is_source_mapped_to_the_ts_file() {
  let server = Running::serve("test-apps/cli", &[]);
  let answer = raw_request(server.addr, "GET", "/typed-throw", &[], None);
  assert_eq!(answer.status, 500);
  assert!(answer.body.is_empty(), "body: {:?}", answer.text());
  let log = server.wait_for_log("typed boom o-1 open");
  // Line 18, column 46 of the .ts file: the emitted JavaScript has neither
  // the interface above nor the annotations to the left of `new Error`.
  let at = position_of("test-apps/cli/app/typed-throw/route.ts", "new Error");
  assert!(
    at.ends_with("typed-throw/route.ts:18:46"),
    "fixture moved: {at}"
  );
  assert!(log.contains(&at), "no {at} in:\n{log}");
}

#[test]
fn non_response_return_logs_file_method_and_url() {
  let server = Running::serve("test-apps/routing", &[]);
  let path = "/errors/plain-object?probe=1";
  let answer = raw_request(server.addr, "GET", path, &[], None);
  assert_eq!(answer.status, 500);
  assert!(answer.body.is_empty(), "body: {:?}", answer.text());
  let file = fixture("test-apps/routing/app/errors/plain-object/route.ts");
  let url = format!("{}{path}", server.request_origin());
  let line = server.log_line_with(&["GET", &url, &file.display().to_string()]);
  assert!(line.contains("no Response"), "log line: {line}");
  // Next.js's message, word for word (its e2e tests match it with
  // /No response is returned from route handler '.+route\.ts'\. Expected a
  // Response object/).
  server.wait_for_log(&format!(
    "Error: No response is returned from route handler '{}'. Expected a Response object but received 'Object' (method: GET, url: /errors/plain-object). Ensure you return a `Response` or a `NextResponse` in all branches of your handler.",
    file.display()
  ));
}

#[test]
fn errors_after_the_answer_are_logged_and_the_route_keeps_serving() {
  let server = Running::serve("test-apps/cli", &[]);
  for count in 1..=3 {
    let answer = raw_request(server.addr, "GET", "/late-errors", &[], None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.text(), format!("{{\"count\":{count}}}"));
  }
  // Each is logged with where it was thrown in the route file.
  for (message, thrown_at) in [
    (
      "Uncaught error: Error: timer threw after the answer",
      "new Error('timer",
    ),
    (
      "Uncaught error: Error: microtask threw",
      "new Error('microtask",
    ),
    (
      "Unhandled promise rejection: Error: rejection nobody handles",
      "new Error('rejection",
    ),
  ] {
    let log = server.wait_for_log(message);
    let at = position_of("test-apps/cli/app/late-errors/route.ts", thrown_at);
    assert!(log.contains(&at), "no {at} in:\n{log}");
  }
}

#[test]
fn lowercase_and_default_exports_warn_at_startup() {
  let server = Running::serve("test-apps/routing", &[]);
  // Warned while loading: no request reaches the route here.
  let file = fixture("test-apps/routing/app/methods/lowercase/route.ts");
  let file = file.display().to_string();
  for export in ["'get'", "'default'"] {
    let line = server.log_line_with(&[&file, export]);
    assert!(line.contains("WARN"), "not a warning: {line}");
  }
  // Warnings are log lines: stdout holds only the table and `Ready on`.
  let stdout = server.stdout.lock().expect("stdout").clone();
  assert!(!stdout.contains("ignored"), "stdout:\n{stdout}");
}

#[test]
fn sigterm_lets_the_in_flight_request_finish_then_exits_0() {
  let mut server = Running::serve("test-apps/cli", &[]);
  let addr = server.addr;
  let slow =
    std::thread::spawn(move || raw_request(addr, "GET", "/slow", &[], None));
  // The route sleeps 500 ms; the signal lands well inside that.
  std::thread::sleep(Duration::from_millis(200));
  assert!(
    !slow.is_finished(),
    "the slow answer came before the signal"
  );
  server.sigterm();
  let answer = slow.join().expect("request thread");
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), "slow done");
  let status = server.wait_exit(Duration::from_secs(15));
  assert!(
    status.success(),
    "exit status {status}; stderr:\n{}",
    server.stderr()
  );
}

/// A port nothing listens on right now.
fn free_port() -> u16 {
  TcpListener::bind("127.0.0.1:0")
    .and_then(|l| l.local_addr())
    .expect("free port")
    .port()
}

#[test]
fn port_env_var_is_used_without_the_flag() {
  let port = free_port();
  let mut command =
    edgeroute(&["serve", "test-apps/cli", "--hostname", "127.0.0.1"]);
  command.env("PORT", port.to_string());
  let server = Running::spawn(command);
  assert_eq!(server.addr.port(), port);
  assert_eq!(server.origin, format!("http://127.0.0.1:{port}"));
  let answer = raw_request(server.addr, "GET", "/", &[], None);
  assert_eq!(answer.status, 200);
  assert_eq!(answer.text(), "edgeroute cli fixture");
}

#[test]
fn port_flag_wins_over_the_env_var() {
  // Were PORT used, the server would listen on port 1 (or fail to bind).
  let mut command = edgeroute(&[
    "serve",
    "test-apps/cli",
    "--hostname",
    "127.0.0.1",
    "--port",
    "0",
  ]);
  command.env("PORT", "1");
  let server = Running::spawn(command);
  assert_ne!(server.addr.port(), 1);
  let answer = raw_request(server.addr, "GET", "/", &[], None);
  assert_eq!(answer.status, 200);
}

#[test]
fn no_compress_turns_compression_off() {
  let gzip = [("Accept-Encoding", "gzip")];
  for (flags, want) in [(&[][..], Some("gzip")), (&["--no-compress"], None)] {
    let server = Running::serve("test-apps/docs", flags);
    let answer = raw_request(server.addr, "GET", "/api/hello", &gzip, None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), want, "flags {flags:?}");
  }
}

#[test]
fn real_env_vars_win_over_env_files_and_node_env_picks_the_files() {
  crate::common::require_node_modules("test-apps/npm");
  let mut command = edgeroute(&[
    "serve",
    "test-apps/npm",
    "--hostname",
    "127.0.0.1",
    "--port",
    "0",
  ]);
  command
    .env("FROM_REAL", "from the real env")
    .env("NODE_ENV", "development")
    .env_remove("GREETING")
    .env_remove("MODE_FILE");
  let server = Running::spawn(command);
  let answer = raw_request(server.addr, "GET", "/env", &[], None);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let body: serde_json::Value =
    serde_json::from_str(&answer.text()).expect("json");
  assert_eq!(body["FROM_REAL"], "from the real env", "{body}");
  assert_eq!(body["GREETING"], "from .env.local", "{body}");
  assert_eq!(body["MODE_FILE"], "from .env.development", "{body}");
  assert_eq!(body["NODE_ENV"], "development", "{body}");
}

#[test]
fn sizes_take_binary_units_and_bad_ones_stop_startup() {
  for (size, error) in [
    ("ten", "'ten' is not a size (try 10MB)"),
    ("5TB", "unknown size unit 'TB' (use KB, MB or GB)"),
    ("99999999999GB", "'99999999999GB' is too large"),
  ] {
    let out = run_to_exit(
      &["serve", "test-apps/bodies", "--max-body-size", size],
      FAILS_WITHIN,
    );
    assert_eq!(out.status.code(), Some(2), "{size}: {}", out.stderr);
    assert!(out.stderr.contains(error), "{size}: {}", out.stderr);
  }
  // 1kb = 1024 bytes: a body of 1024 is taken, 1025 is not.
  let server = Running::serve("test-apps/bodies", &["--max-body-size", "1kb"]);
  let at_limit = "a".repeat(1024);
  let answer = raw_request(
    server.addr,
    "POST",
    "/bytes",
    &[],
    Some(at_limit.as_bytes()),
  );
  assert_eq!(answer.status, 200);
  assert_eq!(answer.header("x-byte-length"), Some("1024"));
  let over = "a".repeat(1025);
  let answer =
    raw_request(server.addr, "POST", "/bytes", &[], Some(over.as_bytes()));
  assert_eq!(answer.status, 413);
}

#[test]
fn a_route_importing_an_unsupported_built_in_fails_alone() {
  // `app/paths` imports lib/content.ts, which imports `node:path`: startup
  // names the problem and the chain, `/paths` answers 500 with the same
  // log line, the other routes serve.
  let server = Running::serve("test-apps/unsupported", &[]);
  let startup =
    server.log_line_with(&["/paths", "will answer 500", "node:path"]);
  assert!(startup.contains("ERROR"), "{startup}");
  let chain = "import chain: app/paths/route.ts → lib/content.ts → 'node:path'";
  server.wait_for_log(chain);
  let ok = crate::common::raw_request(server.addr, "GET", "/ok", &[], None);
  assert_eq!(ok.status, 200);
  let failed =
    crate::common::raw_request(server.addr, "GET", "/paths", &[], None);
  assert_eq!(failed.status, 500);
  assert!(failed.body.is_empty(), "{:?}", failed.body);
  server.log_line_with(&[
    "GET /paths",
    "route module failed to load",
    "node:path",
  ]);
  assert_eq!(
    server.stderr().matches(chain).count(),
    2,
    "{}",
    server.stderr()
  );
  // The same on the Node.js runtime, for a built-in it lacks.
  server.log_line_with(&[
    "/sqlite",
    "will answer 500",
    "node:sqlite is not available in edgeroute's Node.js runtime",
  ]);
  let failed =
    crate::common::raw_request(server.addr, "GET", "/sqlite", &[], None);
  assert_eq!(failed.status, 500);
  let ok = crate::common::raw_request(server.addr, "GET", "/ok", &[], None);
  assert_eq!(ok.status, 200);
}

#[test]
fn cache_components_refuses_a_route_segment_revalidate() {
  // next build's error (nextjs-error.txt beside the fixture).
  let out = assert_startup_fails(
    "test-apps/conflicts/cache-components-segment",
    &["app/slow/route.ts"],
  );
  assert!(
    out.stderr.contains(
      "Route segment config \"revalidate\" is not compatible with `nextConfig.cacheComponents`. Please remove it."
    ),
    "{}",
    out.stderr
  );
}

#[test]
fn dynamic_error_route_that_reads_the_request_fails_with_next_builds_error() {
  // next build fails (nextjs-error.txt beside the fixture); edgeroute fails
  // that route alone: its build logs Next's message and it answers 500.
  let server = Running::serve("test-apps/conflicts/dynamic-error-reads", &[]);
  server.wait_for_log(
    "Route /strict with `dynamic = \"error\"` couldn't be rendered statically because it used `request.headers`.",
  );
  let answer = raw_request(server.addr, "GET", "/strict", &[], None);
  assert_eq!(answer.status, 500, "{}", answer.text());
}
