//! The Web platform globals route code sees, and nothing of Deno or of
//! edgeroute's own boot code.
//!
//! Fixture: `test-apps/globals/app/route.ts` reports `typeof` of each
//! global and the results of using a few of them.

use crate::common::TestServer;
use serde_json::{Value, json};

const APP: &str = "test-apps/globals";

/// Globals a route handler may use, as listed for the edge runtime.
const FUNCTIONS: &[&str] = &[
  "Request",
  "Response",
  "Headers",
  "URL",
  "URLSearchParams",
  "URLPattern",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "TextEncoder",
  "TextDecoder",
  "FormData",
  "Blob",
  "File",
  "AbortController",
  "AbortSignal",
  "Event",
  "EventTarget",
  "DOMException",
  "atob",
  "btoa",
  "structuredClone",
  "setTimeout",
  "setInterval",
  "clearTimeout",
  "clearInterval",
  "queueMicrotask",
  "fetch",
  "crypto.getRandomValues",
  "crypto.randomUUID",
];
const OBJECTS: &[&str] = &["console", "performance"];

fn report(server: &TestServer, method: &str, path: &str) -> Value {
  let body = (method == "POST").then_some(&b""[..]);
  let answer =
    server.request(method, path, &[("x-probe", "probe value")], body);
  assert_eq!(answer.status, 200, "body: {}", answer.text());
  serde_json::from_slice(&answer.body)
    .unwrap_or_else(|e| panic!("{e}: {}", answer.text()))
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex.
fn is_uuid_v4(text: &str) -> bool {
  let bytes = text.as_bytes();
  bytes.len() == 36
    && bytes.iter().enumerate().all(|(i, &b)| match i {
      8 | 13 | 18 | 23 => b == b'-',
      14 => b == b'4',
      19 => matches!(b, b'8' | b'9' | b'a' | b'b'),
      _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
    })
}

#[test]
fn web_globals_are_defined() {
  let server = TestServer::start(APP);
  let report = report(&server, "GET", "/");
  let types = report["types"].as_object().expect("types");
  let mut wrong = Vec::new();
  for (names, want) in [(FUNCTIONS, "function"), (OBJECTS, "object")] {
    for name in names {
      let got = &types[*name];
      if got != want {
        wrong.push(format!("typeof {name}: want {want}, got {got}"));
      }
    }
  }
  assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn deno_and_boot_internals_are_hidden() {
  let server = TestServer::start(APP);
  let report = report(&server, "GET", "/");
  assert_eq!(
    report["hidden"],
    json!({ "Deno": true, "__bootstrap": true, "__edgerouteBoot": true })
  );
}

#[test]
fn globals_work_when_used() {
  let server = TestServer::start(APP);
  let first = report(&server, "GET", "/");
  let uuid = first["uuid"].as_str().expect("uuid");
  assert!(is_uuid_v4(uuid), "not a v4 UUID: {uuid}");
  assert_eq!(first["btoa"], "aGk=");
  assert_eq!(first["cloned"], json!({ "isMap": true, "entry": 2 }));
  assert_eq!(first["urlPatternId"], "1");
  assert_eq!(
    first["text"],
    json!({ "roundTrip": "héllo ✓", "length": "héllo ✓".len() })
  );
  // SHA-256("abc"), FIPS 180-2 test vector.
  assert_eq!(
    first["sha256"],
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
  );
  assert_eq!(first["now"], json!({ "type": "number", "positive": true }));
  assert_eq!(first["timerFired"], true);
  assert_eq!(first["microtaskRan"], true);
  let second = report(&server, "GET", "/");
  assert_ne!(second["uuid"], first["uuid"], "randomUUID repeats itself");
}

#[test]
fn handler_gets_a_real_request() {
  let server = TestServer::start(APP);
  for method in ["GET", "POST"] {
    let report = report(&server, method, "/?q=1");
    assert_eq!(report["isRequest"], true, "{method}");
    assert_eq!(report["method"], method);
    assert_eq!(report["probe"], "probe value", "{method}");
    assert_eq!(
      report["url"],
      // On localhost and the listening port, as `next start` builds it.
      format!("http://localhost:{}/?q=1", server.addr.port()),
      "{method}"
    );
  }
}

#[test]
fn header_values_with_a_newline_inside_throw_however_they_are_padded() {
  // Fetch (and undici, under `next start`): trim HTTP whitespace, then
  // refuse CR, LF and NUL. deno_web's trim gave "" for a padded value with
  // a newline inside, which then passed (fixed in
  // runtime/isolate/src/upstream.rs; found by ext/next/fuzz).
  let root = std::env::temp_dir().join("edgeroute-headers-harness");
  std::fs::create_dir_all(&root).expect("harness folder");
  let mut harness = edgeroute_isolate::fuzzing::ScriptHarness::new(
    &root,
    "globalThis.append = (value) => {
      const headers = new Headers();
      try {
        headers.append('x-test', value);
      } catch (error) {
        return error.name;
      }
      return JSON.stringify(headers.get('x-test'));
    };",
    "append",
  )
  .expect("harness");
  for (value, answer) in [
    ("\tx\ny", "TypeError"),
    ("x\ny ", "TypeError"),
    ("\r\nx\ry\r\n", "TypeError"),
    ("x\ny", "TypeError"),
    ("\t x y \t", "\"x y\""),
    ("\r\n", "\"\""),
  ] {
    assert_eq!(harness.call(value).expect("call"), answer, "{value:?}");
  }
}
