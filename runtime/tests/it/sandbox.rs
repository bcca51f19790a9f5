//! The Node.js runtime's sandbox (deno_permissions): route code reads the
//! project, reaches the network and the environment; writing files,
//! running programs and reading outside the project are denied with
//! Deno's message naming the operation and the flag, in a log line that
//! names the route, until the server's `--allow-*` flag allows them.
//! `process.exit()` throws instead of ending the server.

use crate::common::process::{Running, edgeroute};
use crate::common::raw_request;

/// `serve test-apps/sandbox` with `flags`. Without cargo's
/// LD_LIBRARY_PATH: Deno refuses a spawn that passes it on unless every
/// program may run, as a user's server would not have it.
fn serve(flags: &[&str]) -> Running {
  let mut args = vec![
    "serve",
    "test-apps/sandbox",
    "--hostname",
    "127.0.0.1",
    "--port",
    "0",
  ];
  args.extend_from_slice(flags);
  let mut command = edgeroute(&args);
  command.env_remove("LD_LIBRARY_PATH");
  Running::spawn(command)
}

fn scratch(name: &str) -> std::path::PathBuf {
  let dir = std::env::temp_dir()
    .join(format!("edgeroute-sandbox-{}-{name}", std::process::id()));
  let _ = std::fs::remove_dir_all(&dir);
  std::fs::create_dir_all(&dir).expect("scratch dir");
  dir
}

#[test]
fn writing_running_and_reading_outside_are_denied_by_default() {
  let dir = scratch("denied");
  let outside = dir.join("secret.txt");
  std::fs::write(&outside, "outside the project").expect("write");
  let target = dir.join("out.txt");
  let server = serve(&[]);
  let path = target.display().to_string();
  let write = raw_request(
    server.addr,
    "POST",
    &format!("/write?path={path}"),
    &[],
    Some(b"data"),
  );
  assert_eq!(write.status, 500);
  assert!(!target.exists(), "the file was written");
  server.log_line_with(&[
    "handler threw: POST",
    "/write",
    "app/write/route.ts",
  ]);
  server.wait_for_log(&format!(
    "Requires write access to \"{path}\", run again with the --allow-write flag"
  ));
  let spawn = raw_request(server.addr, "GET", "/spawn", &[], None);
  assert_eq!(spawn.status, 500);
  server.log_line_with(&["handler threw: GET", "/spawn", "app/spawn/route.ts"]);
  server.wait_for_log(
    "Requires run access to \"echo\", run again with the --allow-run flag",
  );
  let secret = outside.display().to_string();
  let read = raw_request(
    server.addr,
    "GET",
    &format!("/read?path={secret}"),
    &[],
    None,
  );
  assert_eq!(read.status, 500);
  assert!(!read.text().contains("outside the project"));
  server.wait_for_log(&format!(
    "Requires read access to \"{secret}\", run again with the --allow-read flag"
  ));
  // The project itself is readable, by relative path too (process.cwd()
  // is the project root).
  let own =
    raw_request(server.addr, "GET", "/read?path=app/ok/route.ts", &[], None);
  assert_eq!(own.status, 200);
  assert!(own.text().contains("export function GET"), "{}", own.text());
}

#[test]
fn the_allow_flags_open_what_they_name() {
  let dir = scratch("allowed");
  let outside = dir.join("secret.txt");
  std::fs::write(&outside, "outside the project").expect("write");
  let target = dir.join("out.txt");
  let server = serve(&[
    &format!("--allow-write={}", dir.display()),
    "--allow-run=echo",
    &format!("--allow-read={}", outside.display()),
  ]);
  let write = raw_request(
    server.addr,
    "POST",
    &format!("/write?path={}", target.display()),
    &[],
    Some(b"data"),
  );
  assert_eq!(write.status, 200, "{}", server.stderr());
  assert_eq!(std::fs::read_to_string(&target).expect("written"), "data");
  // Only under the allowed folder.
  let elsewhere = raw_request(
    server.addr,
    "POST",
    &format!("/write?path={}-other", dir.display()),
    &[],
    Some(b"data"),
  );
  assert_eq!(elsewhere.status, 500);
  let spawn = raw_request(server.addr, "GET", "/spawn", &[], None);
  assert_eq!(spawn.status, 200, "{}", server.stderr());
  assert_eq!(spawn.text(), r#"{"out":"spawned"}"#);
  let read = raw_request(
    server.addr,
    "GET",
    &format!("/read?path={}", outside.display()),
    &[],
    None,
  );
  assert_eq!(read.status, 200);
  assert_eq!(read.text(), "outside the project");
}

#[test]
fn process_exit_throws_and_the_server_keeps_serving() {
  let server = serve(&[]);
  let exit = raw_request(server.addr, "GET", "/exit", &[], None);
  assert_eq!(exit.status, 500);
  assert!(exit.body.is_empty());
  server.wait_for_log("process.exit() was called in a route handler");
  let ok = raw_request(server.addr, "GET", "/ok", &[], None);
  assert_eq!(ok.status, 200);
  // The isolate that threw serves again too.
  let again = raw_request(server.addr, "GET", "/exit", &[], None);
  assert_eq!(again.status, 500);
}
