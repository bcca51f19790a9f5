//! Cookie parsing, Set-Cookie serialisation and the cookies() merge,
//! compared case by case with the outputs of next@16.4.6's own classes
//! (`test-apps/cookies/next-cookies.json`, from `record-cookies.mjs`).

use crate::common::{TestServer, repo_root};
use serde_json::{Value, json};

fn run(
  server: &TestServer,
  kind: &str,
  frozen: &Value,
  case: &Value,
  cookie: Option<&str>,
) -> (u16, Value, Vec<String>) {
  let body =
    json!({ "kind": kind, "frozenNow": frozen, "testCase": case }).to_string();
  let mut headers = vec![("content-type", "application/json")];
  if let Some(cookie) = cookie {
    headers.push(("cookie", cookie));
  }
  let answer = server.request("POST", "/run", &headers, Some(body.as_bytes()));
  let set_cookie = answer
    .headers
    .get("set-cookie")
    .cloned()
    .unwrap_or_default();
  let value = serde_json::from_str(&answer.text()).unwrap_or(Value::Null);
  (answer.status, value, set_cookie)
}

#[test]
fn cookies_match_nextjs_outputs() {
  let path = repo_root().join("test-apps/cookies/next-cookies.json");
  let data: Value =
    serde_json::from_str(&std::fs::read_to_string(path).expect("read"))
      .expect("json");
  let frozen = &data["frozenNow"];
  let server = TestServer::start("test-apps/cookies");
  let mut failures = Vec::new();
  let mut compared = 0;
  for case in data["parse"].as_array().expect("parse cases") {
    let (status, got, _) = run(&server, "parse", frozen, case, None);
    compared += 1;
    // `getAll: null`: Next.js threw (a header value that is no ByteString).
    let ok = if case["getAll"].is_null() {
      status == 500
    } else {
      status == 200 && got["getAll"] == case["getAll"]
    };
    if !ok {
      failures.push(format!(
        "parse {}: want {}, got {status} {got}",
        case["cookie"], case["getAll"]
      ));
    }
  }
  for case in data["serialize"].as_array().expect("serialize cases") {
    let (status, got, _) = run(&server, "serialize", frozen, case, None);
    compared += 1;
    let ok = if case.get("error").is_some() {
      got.get("error").is_some()
    } else {
      status == 200 && got["setCookie"] == case["setCookie"]
    };
    if !ok {
      failures.push(format!(
        "serialize {}: want {}, got {status} {got}",
        case["set"],
        case.get("setCookie").unwrap_or(&case["error"])
      ));
    }
  }
  for case in data["merge"].as_array().expect("merge cases") {
    let cookie = case["cookie"].as_str().filter(|c| !c.is_empty());
    let (status, _, set_cookie) = run(&server, "merge", frozen, case, cookie);
    compared += 1;
    let ok = if case.get("error").is_some() {
      status == 500
    } else {
      status == 200 && json!(set_cookie) == case["setCookie"]
    };
    if !ok {
      failures.push(format!(
        "merge {}: want {}, got {status} {set_cookie:?}",
        case["mutations"],
        case.get("setCookie").unwrap_or(&case["error"])
      ));
    }
  }
  assert_eq!(compared, 99, "every recorded case is compared");
  assert!(
    failures.is_empty(),
    "{} of {compared} cookie cases differ:\n{}",
    failures.len(),
    failures.join("\n")
  );
}
