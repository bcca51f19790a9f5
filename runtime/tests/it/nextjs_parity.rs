//! Replays every case of `test-apps/<app>/cases.json` against edgeroute and
//! compares the answer with what Next.js 16 gave for the same request
//! (`expected.json`, recorded by `test-apps/record-nextjs.mjs`).
//!
//! `CASE=<substring>` runs only matching cases.
//!
//! Like the recorder, the harness gives every entry under the fixture's
//! `public/` the mtime [`PUBLIC_MTIME`] before serving it (ETag and
//! Last-Modified derive from it), and writes the server's own port, where it
//! follows `127.0.0.1:` or `localhost:` in an answer's headers or body, as
//! `PORT` (the recorder wrote Next's that way); so are the ports of the
//! services' URLs.

use std::collections::BTreeMap;

use crate::common::{RawResponse, TestServer, repo_root};
use serde_json::Value;

/// Headers that describe Next.js's own machinery (RSC, its cache, its
/// framing) rather than what a route handler answered.
const IGNORED_HEADERS: &[&str] = &[
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "vary",
  "etag",
  "x-powered-by",
  "cache-control",
  "x-nextjs-cache",
  "x-nextjs-prerender",
  "x-nextjs-stale-time",
];

/// Where edgeroute answers differently from `next start`, on purpose or
/// not yet. Each entry names the case, what edgeroute does instead and why.
enum Deviation {
  /// edgeroute answers with this status and an empty body.
  Status(u16, &'static str),
  /// Same status and headers; the body is the engine's error message,
  /// which newer V8 words more fully: Next's text must be its prefix.
  EngineMessage(&'static str),
  /// A JSON body that equals Next's but for these fields, which hold
  /// these values (as JSON text) in edgeroute's answer.
  JsonFields(&'static [(&'static str, &'static str)], &'static str),
  /// edgeroute answers with this status, `x-nextjs-cache` and body.
  Answer(u16, &'static str, &'static str, &'static str),
}

fn deviation(app: &str, case: &str) -> Option<Deviation> {
  use Deviation::*;
  const MALFORMED: &str = "a malformed percent-escape is a client error: edgeroute answers 400 where Next.js 16.4.6 crashes into a 500";
  const TRACE: &str = "TRACE is outside the handler methods: 400, like PROPFIND; Next.js's 500 comes from Node's Request constructor rejecting TRACE";
  Some(match (app, case) {
    (_, c) if c.contains("malformed") => Status(400, MALFORMED),
    (_, c) if c.contains("trace") => Status(400, TRACE),
    ("node-runtime", "runtime-probe-node") => JsonFields(
      &[("urlPattern", "\"function\"")],
      "edgeroute's Node.js runtime is deno_node's Node 26 (process.version), which has a global URLPattern (Node >= 23.8); the answer was recorded on Node 20",
    ),
    ("node-runtime", "wasm-module-import-edge") => JsonFields(
      &[("isModule", "true")],
      "the module is a WebAssembly.Module of the route's own realm; next start's edge sandbox compiles it in another realm, so its instanceof is false there",
    ),
    ("docs", "webhook-json-invalid-400") => EngineMessage(
      "V8 14 appends '(line 1 column 2)' to JSON.parse errors; Node 20's V8 does not",
    ),
    ("isr", "items-unlisted-get-after-post") => Answer(
      200,
      "MISS",
      r#"{"id":"four","name":"items-four","n":1}"#,
      "Next.js keeps the static 405 a POST got for a path no GET had rendered and serves it to every GET of that path after; edgeroute keeps only successful renders, so the first GET renders the path",
    ),
    _ => return None,
  })
}

fn load_json(path: std::path::PathBuf) -> Value {
  let text = std::fs::read_to_string(&path)
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
  serde_json::from_str(&text)
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected_headers(answer: &Value) -> BTreeMap<String, Vec<String>> {
  let mut out = BTreeMap::new();
  if let Some(map) = answer["headers"].as_object() {
    for (name, value) in map {
      let values = match value {
        Value::Array(items) => items
          .iter()
          .map(|v| v.as_str().unwrap_or_default().to_owned())
          .collect(),
        other => vec![other.as_str().unwrap_or_default().to_owned()],
      };
      out.insert(name.to_ascii_lowercase(), values);
    }
  }
  out
}

/// At most 200 characters of a body, for failure messages.
fn short(text: &str) -> String {
  let mut out: String = text.chars().take(200).collect();
  if out.len() < text.len() {
    out.push_str("...");
  }
  out
}

fn compare(
  case: &Value,
  want: &Value,
  got: &RawResponse,
  problems: &mut Vec<String>,
) {
  let fields: Vec<String> = match case["compare"].as_array() {
    Some(list) => list
      .iter()
      .filter_map(|v| v.as_str().map(str::to_owned))
      .collect(),
    None => vec!["status".into(), "body".into(), "headers".into()],
  };
  let want_headers = expected_headers(want);
  for field in &fields {
    match field.as_str() {
      "status" => {
        let status = want["status"].as_u64().unwrap_or_default() as u16;
        if status != got.status {
          problems.push(format!("status: want {status}, got {}", got.status));
        }
      }
      "body" => {
        let body = want["body"].as_str().unwrap_or_default();
        // A body that echoes a route's request headers holds the
        // `Connection: close` the recorder's HTTP/1.1 client sent, which
        // an HTTP/2 client has no way to send: over h2c the answer may
        // lack exactly that (the HTTP/1.1 run compares it as recorded).
        let over_h2c_without_it = crate::common::protocol()
          == crate::common::Protocol::H2c
          && body.replace(r#""connection":"close","#, "").as_bytes()
            == got.body.as_slice();
        if body.as_bytes() != got.body.as_slice() && !over_h2c_without_it {
          problems.push(format!(
            "body: want {:?}, got {:?}",
            short(body),
            short(&got.text())
          ));
        }
      }
      "decodedBody" => {
        let body = want["decodedBody"].as_str().unwrap_or_default();
        let decoded = crate::common::decode_body(got);
        if body.as_bytes() != decoded.as_slice() {
          problems.push(format!(
            "decoded body: want {:?}, got {:?}",
            short(body),
            short(&String::from_utf8_lossy(&decoded))
          ));
        }
      }
      "headers" => {
        let names: std::collections::BTreeSet<&String> =
          want_headers.keys().chain(got.headers.keys()).collect();
        for name in names {
          if IGNORED_HEADERS.contains(&name.as_str()) {
            continue;
          }
          let want_value = want_headers.get(name);
          let got_value = got.headers.get(name);
          if want_value != got_value {
            problems.push(format!(
              "header {name}: want {want_value:?}, got {got_value:?}"
            ));
          }
        }
      }
      name => {
        let want_value = want_headers.get(name);
        let got_value = got.headers.get(name);
        if want_value != got_value {
          problems.push(format!(
            "header {name}: want {want_value:?}, got {got_value:?}"
          ));
        }
      }
    }
  }
}

/// 2024-01-01T00:00:00Z, the mtime `record-nextjs.mjs` gives public files.
pub const PUBLIC_MTIME: std::time::Duration =
  std::time::Duration::from_secs(1_704_067_200);

/// Sets the mtime of every file and folder under `dir/public` to
/// [`PUBLIC_MTIME`], as the recorder does before `next start`.
pub fn fix_public_mtimes(dir: &std::path::Path) {
  fn walk(path: &std::path::Path) {
    if path.is_dir() {
      let entries = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
      for entry in entries.flatten() {
        walk(&entry.path());
      }
    }
    let when = std::time::UNIX_EPOCH + PUBLIC_MTIME;
    let file = std::fs::File::open(path)
      .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    file
      .set_times(
        std::fs::FileTimes::new()
          .set_modified(when)
          .set_accessed(when),
      )
      .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
  }
  let public = dir.join("public");
  if public.is_dir() {
    walk(&public);
  }
}

/// `127.0.0.1:<port>` / `localhost:<port>` -> `...:PORT`, as recorded.
fn mask_port(text: &str, port: u16) -> String {
  let port = port.to_string();
  let mut out = String::with_capacity(text.len());
  let mut rest = text;
  while let Some(at) = rest.find(&port) {
    let (before, after) = rest.split_at(at);
    out.push_str(before);
    let host_before = ["127.0.0.1:", "localhost:", "[::1]:"]
      .iter()
      .any(|h| out.ends_with(h));
    let digit_after = after[port.len()..]
      .chars()
      .next()
      .is_some_and(|c| c.is_ascii_digit());
    if host_before && !digit_after {
      out.push_str("PORT");
    } else {
      out.push_str(&port);
    }
    rest = &after[port.len()..];
  }
  out.push_str(rest);
  out
}

fn mask_response(mut got: RawResponse, ports: &[u16]) -> RawResponse {
  for port in ports {
    for values in got.headers.values_mut() {
      for value in values.iter_mut() {
        *value = mask_port(value, *port);
      }
    }
    if let Ok(text) = std::str::from_utf8(&got.body) {
      got.body = mask_port(text, *port).into_bytes();
    }
  }
  got
}

/// The ports in the services' URLs (`http://127.0.0.1:41234`, ...): the
/// recorder masks them too.
fn service_ports(env: &[(&str, &str)]) -> Vec<u16> {
  let mut ports = Vec::new();
  for (_, value) in env {
    for host in ["127.0.0.1:", "localhost:", "[::1]:"] {
      for (at, _) in value.match_indices(host) {
        let digits: String = value[at + host.len()..]
          .chars()
          .take_while(char::is_ascii_digit)
          .collect();
        if let Ok(port) = digits.parse() {
          ports.push(port);
        }
      }
    }
  }
  ports
}

/// Whether `package.json` lists any (dev) dependency: `npm ci` makes no
/// node_modules folder for a project without.
fn has_dependencies(package_json: &std::path::Path) -> bool {
  let pkg = load_json(package_json.to_path_buf());
  ["dependencies", "devDependencies"]
    .iter()
    .any(|k| pkg[*k].as_object().is_some_and(|m| !m.is_empty()))
}

fn run_app(app: &str) {
  let dir = repo_root().join("test-apps").join(app);
  let cases = load_json(dir.join("cases.json"));
  let expected = load_json(dir.join("expected.json"));
  // A whole project (package.json) installs its packages; one with a
  // services.mjs talks to real services, fresh for every run (the cases
  // count on an empty database).
  if dir.join("package.json").is_file()
    && has_dependencies(&dir.join("package.json"))
  {
    crate::common::require_node_modules(&format!("test-apps/{app}"));
  }
  fix_public_mtimes(&dir);
  // The data cache's disk store is state like a database: the cases count
  // on an empty one, as `next build` starts with an empty `.next/cache`.
  let _ = std::fs::remove_dir_all(dir.join(".edgeroute"));
  let services = dir
    .join("services.mjs")
    .is_file()
    .then(|| crate::common::services::Services::start(app));
  let env: Vec<(&str, &str)> = services
    .iter()
    .flat_map(|s| s.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    .collect();
  let server = TestServer::start_with_env(&format!("test-apps/{app}"), &env);
  let mut ports = vec![server.addr.port()];
  ports.extend(service_ports(&env));
  let filter = std::env::var("CASE").ok();
  let mut failures = Vec::new();
  let mut compared = 0;
  for case in cases.as_array().expect("cases.json is an array") {
    let name = case["name"].as_str().expect("case name");
    if filter.as_deref().is_some_and(|f| !name.contains(f)) {
      continue;
    }
    let want = &expected["answers"][name];
    assert!(!want.is_null(), "{app}/{name}: no recorded answer");
    // A timed scenario: sent this long after the previous answer, as the
    // recording was.
    if let Some(wait) = case["waitMs"].as_u64() {
      std::thread::sleep(std::time::Duration::from_millis(wait));
    }
    let method = case["method"].as_str().expect("method");
    let path = case["path"].as_str().expect("path");
    let headers: Vec<(String, String)> = case["headers"]
      .as_object()
      .map(|m| {
        m.iter()
          .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
          .collect()
      })
      .unwrap_or_default();
    let header_refs: Vec<(&str, &str)> = headers
      .iter()
      .map(|(k, v)| (k.as_str(), v.as_str()))
      .collect();
    let body = case["body"].as_str().map(str::as_bytes);
    // Node's client sends Content-Length: 0 for body-less POST/PUT/PATCH.
    let body = body.or(match method {
      "POST" | "PUT" | "PATCH" => Some(&b""[..]),
      _ => None,
    });
    let got =
      mask_response(server.request(method, path, &header_refs, body), &ports);
    let mut problems = Vec::new();
    match deviation(app, name) {
      Some(Deviation::Status(status, _why)) => {
        if got.status != status || !got.body.is_empty() {
          problems.push(format!(
            "deviation: want {status} with an empty body, got {} {:?}",
            got.status,
            got.text()
          ));
        }
      }
      Some(Deviation::EngineMessage(_why)) => {
        let mut relaxed = case.clone();
        relaxed["compare"] = serde_json::json!(["status", "headers"]);
        compare(&relaxed, want, &got, &mut problems);
        let body = want["body"].as_str().unwrap_or_default();
        if !got.text().starts_with(body) {
          problems.push(format!(
            "body: want a text starting {body:?}, got {:?}",
            got.text()
          ));
        }
      }
      Some(Deviation::JsonFields(fields, _why)) => {
        let mut relaxed = case.clone();
        relaxed["compare"] = serde_json::json!(["status", "headers"]);
        compare(&relaxed, want, &got, &mut problems);
        let mut want_body: Value =
          serde_json::from_str(want["body"].as_str().unwrap_or_default())
            .expect("a recorded JSON body");
        for (field, value) in fields {
          want_body[*field] =
            serde_json::from_str(value).expect("a deviation's JSON value");
        }
        let got_body: Value =
          serde_json::from_str(&got.text()).unwrap_or(Value::Null);
        if got_body != want_body {
          problems.push(format!(
            "body: want {want_body} (Next's, with the deviation), got {got_body}"
          ));
        }
      }
      Some(Deviation::Answer(status, cache, body, _why)) => {
        let got_cache = got.headers.get("x-nextjs-cache");
        if got.status != status
          || got.text() != body
          || got_cache != Some(&vec![cache.to_owned()])
        {
          problems.push(format!(
            "deviation: want {status} {cache} {body}, got {} {got_cache:?} {:?}",
            got.status,
            got.text()
          ));
        }
      }
      None => compare(case, want, &got, &mut problems),
    }
    compared += 1;
    if !problems.is_empty() {
      failures.push(format!(
        "{app}/{name} ({method} {path}):\n  {}",
        problems.join("\n  ")
      ));
    }
  }
  assert!(compared > 0 || filter.is_some(), "no case compared");
  assert!(
    failures.is_empty(),
    "{} of {compared} cases differ from Next.js:\n{}",
    failures.len(),
    failures.join("\n")
  );
}

#[test]
fn docs_app_answers_like_nextjs() {
  run_app("docs");
}

#[test]
fn routing_app_answers_like_nextjs() {
  run_app("routing");
}

#[test]
fn next_apis_app_answers_like_nextjs() {
  run_app("next-apis");
}

/// next.config.mjs as an async function importing its rules: basePath,
/// env, poweredByHeader, headers() / redirects() / rewrites() (array form)
/// with has / missing / basePath: false, and public/ files (ETag, 304,
/// Range, a public file shadowing a route).
#[test]
fn config_basepath_app_answers_like_nextjs() {
  run_app("config-basepath");
}

/// next.config.ts: trailingSlash, generateEtags: false, compress: false,
/// rewrites in the object form (beforeFiles / afterFiles / fallback against
/// public files, static and dynamic routes) and an external rewrite to the
/// services.mjs upstream.
#[test]
fn config_trailing_app_answers_like_nextjs() {
  run_app("config-trailing");
}

/// proxy.ts (Next 16's middleware): matchers, next() with request and
/// response headers, internal and external rewrites, redirects, answers of
/// its own, cookies, waitUntil, a throw; against headers() / redirects().
#[test]
fn proxy_app_answers_like_nextjs() {
  run_app("proxy");
}

/// Real apps' Node.js route handlers: pg, postgres.js + drizzle against a
/// real PostgreSQL, stripe, jsonwebtoken, bcryptjs, dotenv, fs + path,
/// Buffer, node:crypto, zlib, nodemailer to an SMTP sink, supabase-js,
/// react-dom/server, server-only; the same module on Node.js and edge.
#[test]
fn node_runtime_app_answers_like_nextjs() {
  run_app("node-runtime");
}

/// unstable_cache's hits, misses and stale answers over time; revalidateTag
/// with each kind of profile, revalidatePath with and without a type, as
/// seen through a counter of the cached function's real runs.
#[test]
fn cache_data_app_answers_like_nextjs() {
  run_app("cache-data");
}

/// Prerendered GET handlers as `next start` serves them: which are
/// prerendered at all (not a GET beside a POST), the static 405 for other
/// methods (OPTIONS included), HEAD from the stored answer; rendered at
/// build (startup), so a first answer is a HIT; generateStaticParams and
/// dynamicParams; dynamic = 'error'; a fetch's revalidate lowering the
/// route's, stale answers and their one regeneration over time; the
/// segment's fetchCache; updateTag / refresh failing in a route handler.
#[test]
fn isr_app_answers_like_nextjs() {
  run_app("isr");
}

/// `cacheComponents`: 'use cache' functions (module-level, arrow, nested
/// with what they capture, a 'use cache' file) keyed by their arguments,
/// cacheLife (built-in and next.config profiles) and cacheTag, values that
/// come back as Dates and Maps, request data out of reach inside them,
/// revalidateTag reaching them; GET handlers prerendered unless they read
/// the request or hold short-lived entries.
#[test]
fn use_cache_app_answers_like_nextjs() {
  run_app("use-cache");
}

/// next.config's `cacheHandler` naming an npm handler
/// (@fortedigital/nextjs-cache-handler with the `redis` client, on a real
/// Redis the fixture's services start): unstable_cache and fetch entries
/// through it, revalidateTag reaching it.
#[test]
fn cache_handler_app_answers_like_nextjs() {
  run_app("cache-handler");
}

/// next.config's `cacheHandlers`: 'use cache: remote' entries through the
/// app's own handler module on a real Redis, revalidateTag reaching it
/// (`updateTags`).
#[test]
fn cache_handlers_app_answers_like_nextjs() {
  run_app("cache-handlers");
}
