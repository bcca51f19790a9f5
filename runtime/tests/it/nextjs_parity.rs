//! Replays every case of `test-apps/<app>/cases.json` against edgeroute and
//! compares the answer with what Next.js 16 gave for the same request
//! (`expected.json`, recorded by `test-apps/record-nextjs.mjs`).
//!
//! `CASE=<substring>` runs only matching cases.

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
  /// Not built yet; the case is reported, not compared.
  NotYet(&'static str),
}

fn deviation(app: &str, case: &str) -> Option<Deviation> {
  use Deviation::*;
  const MALFORMED: &str = "a malformed percent-escape is a client error: edgeroute answers 400 where Next.js 16.4.6 crashes into a 500";
  const TRACE: &str = "TRACE is outside the handler methods: 400, like PROPFIND; Next.js's 500 comes from Node's Request constructor rejecting TRACE";
  Some(match (app, case) {
    (_, c) if c.contains("malformed") => Status(400, MALFORMED),
    (_, c) if c.contains("trace") => Status(400, TRACE),
    ("next-apis", c) if c.starts_with("cache-unstable-cache") => {
      NotYet("unstable_cache calls through: edgeroute has no data cache yet")
    }
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
        if body.as_bytes() != got.body.as_slice() {
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

fn run_app(app: &str) {
  let dir = repo_root().join("test-apps").join(app);
  let cases = load_json(dir.join("cases.json"));
  let expected = load_json(dir.join("expected.json"));
  // A whole project (package.json) installs its packages; one with a
  // services.mjs talks to real services, fresh for every run (the cases
  // count on an empty database).
  if dir.join("package.json").is_file() {
    crate::common::require_node_modules(&format!("test-apps/{app}"));
  }
  let services = dir
    .join("services.mjs")
    .is_file()
    .then(|| crate::common::services::Services::start(app));
  let env: Vec<(&str, &str)> = services
    .iter()
    .flat_map(|s| s.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    .collect();
  let server = TestServer::start_with_env(&format!("test-apps/{app}"), &env);
  let filter = std::env::var("CASE").ok();
  let mut failures = Vec::new();
  let mut compared = 0;
  let mut not_yet = Vec::new();
  for case in cases.as_array().expect("cases.json is an array") {
    let name = case["name"].as_str().expect("case name");
    if filter.as_deref().is_some_and(|f| !name.contains(f)) {
      continue;
    }
    let want = &expected["answers"][name];
    assert!(!want.is_null(), "{app}/{name}: no recorded answer");
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
    let got = server.request(method, path, &header_refs, body);
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
      Some(Deviation::NotYet(why)) => {
        not_yet.push(format!("{name}: {why}"));
        continue;
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
  for line in &not_yet {
    eprintln!("not compared yet: {app}/{line}");
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

/// Real apps' Node.js route handlers: pg, postgres.js + drizzle against a
/// real PostgreSQL, stripe, jsonwebtoken, bcryptjs, dotenv, fs + path,
/// Buffer, node:crypto, zlib, nodemailer to an SMTP sink, supabase-js,
/// react-dom/server, server-only; the same module on Node.js and edge.
#[test]
fn node_runtime_app_answers_like_nextjs() {
  run_app("node-runtime");
}
