//! The `cookies` fuzz target's property on stable Rust: known answers
//! first (so that the oracle and the JS cannot be wrong together), then
//! every input of the committed corpus (`ext/next/fuzz/corpus/cookies`),
//! each run through the real `next/server` cookies in an isolate and
//! compared with the Rust port (`edgeroute_next::fuzzing`).

use std::path::PathBuf;

use edgeroute_isolate::fuzzing::ScriptHarness;
use edgeroute_next::fuzzing::{
  FuzzCookie, FuzzInput, HARNESS, check, check_input,
};
use serde_json::{Value, json};

fn repo() -> PathBuf {
  PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    .parent()
    .expect("repository root")
    .to_path_buf()
}

fn harness() -> ScriptHarness {
  let root = std::env::temp_dir().join("edgeroute-cookie-harness");
  std::fs::create_dir_all(&root).expect("harness folder");
  ScriptHarness::new(&root, HARNESS, "__edgerouteFuzz").expect("harness")
}

fn answer(harness: &mut ScriptHarness, input: &FuzzInput) -> Value {
  let text = harness.call(&input.to_json()).expect("harness call");
  serde_json::from_str(&text).expect("JSON")
}

fn cookie(name: &str, value: &str) -> FuzzCookie {
  FuzzCookie {
    name: name.to_owned(),
    value: value.to_owned(),
    ..FuzzCookie::default()
  }
}

#[test]
fn cookies_answer_as_next_js_and_as_the_oracle_says() {
  let mut harness = harness();
  let known = [
    (
      FuzzInput {
        header: "a=1; b=%E0%A4; a=2;c; ;d=x%20y".to_owned(),
        cookie: FuzzCookie {
          path: Some(String::new()),
          max_age: Some(60),
          secure: true,
          same_site: Some("Lax".to_owned()),
          ..cookie("s", "a b;c")
        },
      },
      json!({
        "request": {"ok": [["a", "2"], ["c", "true"], ["d", "x y"]]},
        "set": {"ok": ["s=a%20b%3Bc; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Max-Age=60; Secure; SameSite=Lax"]},
        "back": {"ok": [{
          "name": "s", "value": "a b;c", "expires": "2023-11-14T22:14:20.000Z",
          "maxAge": 60, "secure": true, "sameSite": "lax",
        }]},
      }),
    ),
    (
      FuzzInput {
        header: "x=\u{100}".to_owned(),
        cookie: FuzzCookie {
          expires: Some(0),
          priority: Some("HIGH".to_owned()),
          ..cookie("", "%zz")
        },
      },
      json!({
        "request": {"error": "TypeError"},
        "set": {"ok": ["=%25zz; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Priority=HIGH"]},
        "back": {"ok": [{
          "value": "%zz", "path": "/", "expires": "1970-01-01T00:00:00.000Z",
          "priority": "high",
        }]},
      }),
    ),
    (
      // The fuzz target's first finding: the padded name with a newline
      // inside gave an empty Set-Cookie line (deno_web's trim).
      FuzzInput {
        header: String::new(),
        cookie: cookie("\t\\\n", ""),
      },
      json!({
        "request": {"ok": []},
        "set": {"error": "TypeError"},
        "back": null,
      }),
    ),
    (
      FuzzInput {
        header: " \t".to_owned(),
        cookie: cookie("a\nb", "v"),
      },
      json!({
        "request": {"ok": []},
        "set": {"error": "TypeError"},
        "back": null,
      }),
    ),
  ];
  for (input, expected) in &known {
    assert_eq!(&answer(&mut harness, input), expected, "{input:?}");
    check_input(input, |json| harness.call(json).expect("harness call"));
  }
}

#[test]
fn the_cookies_fuzz_corpus_replays_clean() {
  let dir = repo().join("ext/next/fuzz/corpus/cookies");
  let mut harness = harness();
  let mut replayed = 0;
  for entry in std::fs::read_dir(&dir).expect("corpus folder").flatten() {
    let data = std::fs::read(entry.path()).expect("corpus file");
    check(&data, |json| harness.call(json).expect("harness call"));
    replayed += 1;
  }
  assert!(
    replayed > 100,
    "{replayed} corpus inputs in {}",
    dir.display()
  );
}
