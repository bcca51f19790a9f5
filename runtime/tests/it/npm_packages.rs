//! Real npm packages in route handlers (test-apps/npm, installed with
//! `npm ci`): zod, jose, nanoid, two CommonJS-only packages, tsconfig
//! `paths`, the node:* built-ins, and the import chain in load errors.

use std::sync::OnceLock;

use crate::common::TestServer;
use serde_json::{Value, json};

const APP: &str = "test-apps/npm";

/// One server for the whole file (each route still gets its own isolate).
fn server() -> &'static TestServer {
  static SERVER: OnceLock<TestServer> = OnceLock::new();
  SERVER.get_or_init(|| {
    crate::common::require_node_modules(APP);
    TestServer::start_with_env(APP, &[("FROM_REAL", "from the real env")])
  })
}

fn get_json(path: &str, headers: &[(&str, &str)]) -> Value {
  let answer = server().request("GET", path, headers, None);
  assert_eq!(answer.status, 200, "{path}: {}", answer.text());
  serde_json::from_str(&answer.text()).expect("json")
}

#[test]
fn zod_rejects_bad_input_with_its_issues() {
  let bad = server().request(
    "POST",
    "/zod",
    &[("content-type", "application/json")],
    Some(br#"{"name":"","email":"not-an-email","age":-1}"#),
  );
  assert_eq!(bad.status, 400, "{}", bad.text());
  let body: Value = serde_json::from_str(&bad.text()).expect("json");
  let issues = body["issues"].as_array().expect("issues");
  let summary: Vec<(String, String)> = issues
    .iter()
    .map(|i| {
      (
        i["path"][0].as_str().unwrap_or_default().to_owned(),
        i["code"].as_str().unwrap_or_default().to_owned(),
      )
    })
    .collect();
  assert_eq!(
    summary,
    [
      ("name".to_owned(), "too_small".to_owned()),
      ("email".to_owned(), "invalid_string".to_owned()),
      ("age".to_owned(), "too_small".to_owned()),
    ],
    "{body}"
  );
  assert_eq!(issues[1]["message"], "Invalid email");

  let good = server().request(
    "POST",
    "/zod",
    &[("content-type", "application/json")],
    Some(br#"{"name":"Ada","email":"ada@example.com"}"#),
  );
  assert_eq!(good.status, 200, "{}", good.text());
  assert_eq!(
    serde_json::from_str::<Value>(&good.text()).expect("json"),
    json!({ "user": { "name": "Ada", "email": "ada@example.com" } })
  );
}

#[test]
fn jose_signs_and_verifies_a_jwt() {
  let body = get_json("/jwt?sub=user-42", &[]);
  assert_eq!(
    body,
    json!({
      "header": { "alg": "HS256" },
      "sub": "user-42",
      "role": "admin",
      "tampered": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    })
  );
}

#[test]
fn nanoid_makes_ids() {
  let body = get_json("/nanoid", &[]);
  let id = body["id"].as_str().expect("id");
  assert_eq!(id.len(), 21, "{body}");
  assert!(
    id.chars()
      .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
  );
  assert_ne!(body["id"], body["other"]);
  let digits = body["digits"].as_str().expect("digits");
  assert!(digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit()));
}

#[test]
fn commonjs_only_packages_import_with_default_and_named_exports() {
  let body = get_json("/cjs", &[("cookie", "a=1; b=two%20words")]);
  assert_eq!(
    body,
    json!({
      "twoDays": 172_800_000,
      "short": "1m",
      "cookies": { "a": "1", "b": "two words" },
      "serialized": "theme=dark; Path=/; HttpOnly",
      "defaultIsModuleExports": true,
    })
  );
}

#[test]
fn tsconfig_paths_base_url_and_self_reference() {
  let body = get_json("/alias", &[]);
  assert_eq!(
    body,
    json!({
      "db": { "id": 7, "via": "@/lib/db" },
      "greet": "hello alias (npm-fixture/shared/greet)",
      "sameModule": true,
    })
  );
}

#[test]
fn node_buffer() {
  let body = get_json("/node/buffer", &[]);
  assert_eq!(
    body,
    json!({
      "base64": "aMOpbGxvIHfDtnJsZA==",
      "hex": "0102fe",
      "roundTrip": "héllo wörld",
      "concat": "ab",
      "isBuffer": true,
      "isUint8Array": true,
      "readUInt32BE": 256,
      "sameModule": true,
      // A Node.js route: Buffer is a global, as under `next start`.
      "globalBuffer": "function",
    })
  );
}

#[test]
fn node_events() {
  let body = get_json("/node/events", &[]);
  assert_eq!(
    body,
    json!({ "seen": ["on:a", "once:a", "on:b"], "ready": 42, "listeners": 1 })
  );
}

#[test]
fn node_util_and_assert() {
  let util = get_json("/node/util", &[]);
  assert_eq!(util["format"], r#"cart has 3 items: {"a":1}"#);
  assert_eq!(util["inspect"], "{ nested: { deep: [ 1, 2 ] } }");
  for key in ["inherits", "isPromise", "isDate", "deepEqual"] {
    assert_eq!(util[key], true, "{key}: {util}");
  }
  assert_eq!(util["promisified"], 42);
  let assert = get_json("/node/assert", &[]);
  assert_eq!(
    assert,
    json!({
      "ok": "passed",
      "strictEqual": "passed",
      "strictEqualFails": "AssertionError:ERR_ASSERTION",
      "deepStrictEqual": "passed",
      "deepStrictEqualFails": "AssertionError:ERR_ASSERTION",
      "throws": "passed",
    })
  );
}

#[test]
fn node_crypto_hashes_match_known_digests() {
  let body = get_json("/node/crypto", &[]);
  assert_eq!(
    body,
    json!({
      "sha1": "a9993e364706816aba3e25717850c26c9cd0d89d",
      "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "md5": "900150983cd24fb0d6963f7d28e17f72",
      "sha512base64": "3a81oZNherrMQXNJ",
      "hmac": "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
      "uuid": true,
      "randomBytes": 16,
      "timingSafeEqual": true,
    })
  );
}

#[test]
fn commonjs_require_of_builtins_packages_json_and_cycles() {
  let body = get_json("/node/require", &[]);
  assert_eq!(
    body,
    json!({
      "summary": {
        "base64": "Y2pz",
        "sha256": "4efb05bcf22c",
        "emitter": "function",
        "ms": 3_600_000,
        "data": "fixture-data",
        "cycle": "set before the cycle",
        "optional": "MODULE_NOT_FOUND",
        "esm": "ERR_REQUIRE_ESM",
      },
      "defaultIsModuleExports": true,
      "json": [1, 2, 3],
      "jsonWithAttribute": "fixture-data",
    })
  );
}

#[test]
fn async_local_storage_shares_the_request_context_with_next_headers() {
  let addr = server().addr;
  // Warm the isolate, then interleave requests in it.
  get_json("/node/als?id=warm", &[("x-id", "warm")]);
  let workers: Vec<_> = (0..30)
    .map(|i| {
      std::thread::spawn(move || {
        let id = format!("req-{i}");
        let answer = crate::common::raw_request(
          addr,
          "GET",
          &format!("/node/als?id={id}"),
          &[("x-id", id.as_str())],
          None,
        );
        (id, answer)
      })
    })
    .collect();
  for worker in workers {
    let (id, answer) = worker.join().expect("request thread");
    assert_eq!(answer.status, 200, "{}", answer.text());
    let body: Value = serde_json::from_str(&answer.text()).expect("json");
    assert_eq!(
      body,
      json!({ "id": id, "fromStore": id, "fromHeaders": id, "outside": null })
    );
  }
}

fn load_error(app: &str) -> String {
  crate::common::require_node_modules(APP);
  match edgeroute::App::load(crate::common::repo_root().join(app)) {
    Ok(_) => panic!("{app} loads, but it should fail"),
    Err(error) => error.to_string(),
  }
}

#[test]
fn missing_package_fails_at_load_with_the_import_chain() {
  let message = load_error("test-apps/npm/errors/missing-package");
  assert!(
    message.contains("package 'not-an-installed-package' is not installed"),
    "{message}"
  );
  assert!(
    message.contains(
      "import chain: app/route.ts → lib/helper.ts → 'not-an-installed-package'"
    ),
    "{message}"
  );
}

#[test]
fn missing_export_fails_at_load_with_the_import_chain() {
  let message = load_error("test-apps/npm/errors/missing-export");
  assert!(
    message.contains("imports 'notAZodExport' from 'zod'"),
    "{message}"
  );
  assert!(
    message.contains("import chain: app/route.ts → lib/schema.ts → 'zod'"),
    "{message}"
  );
}

#[test]
fn an_unsupported_node_builtin_fails_its_route_not_the_app() {
  // The message and import chain in the log: cli.rs
  // (a_route_importing_an_unsupported_built_in_fails_alone).
  crate::common::require_node_modules(APP);
  let server = TestServer::start("test-apps/npm/errors/node-builtin");
  let answer = server.request("GET", "/", &[], None);
  assert_eq!(answer.status, 500, "{}", answer.text());
  assert!(answer.body.is_empty());
}

#[test]
fn route_code_cannot_import_the_commonjs_loader() {
  let body = get_json("/internal", &[]);
  assert_eq!(body["blocked"], true, "{body}");
  assert!(
    body["message"]
      .as_str()
      .is_some_and(|m| m.contains("edgeroute:node/cjs is internal")),
    "{body}"
  );
}

#[test]
fn jsx_compiles_to_the_automatic_runtime_as_next_compiles_it() {
  // `<p>` becomes a call into react/jsx-runtime (the app's react package);
  // the classic runtime would need `React` in scope and answer 500.
  let body = get_json("/jsx", &[]);
  assert_eq!(
    body,
    json!({ "type": "p", "props": { "className": "note", "children": ["hello ", "world"] } })
  );
}
