//! Replays every request recorded against `next start` (tests/next-answers.json)
//! and compares what a client would see: status, every header (but `Vary`,
//! which the compression layer adds) in order, and the body bytes.

#![allow(clippy::unwrap_used)]

mod support;

use edgeroute_public::{IntendedStatus, PublicDir, serve};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;

/// Cases where edgeroute deliberately answers otherwise than next start.
/// `outside.txt` is a link to a file outside `public/`: Next serves it,
/// edgeroute never serves anything outside the folder.
const DIVERGES: &[&str] = &["get-symlink-outside"];

/// Cases Next answers before it looks at public files (a 308 redirect for a
/// trailing slash); `lookup` itself drops one trailing slash, as Next's
/// matcher does (it matters with `trailingSlash: true`).
const REDIRECTED_FIRST: &[&str] = &["get-hello-trailing-slash"];

fn answers() -> Vec<Value> {
  let text = std::fs::read_to_string(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/next-answers.json"
  ))
  .unwrap();
  let json: Value = serde_json::from_str(&text).unwrap();
  json["cases"].as_array().unwrap().clone()
}

fn request_headers(request: &Value) -> HeaderMap {
  let mut headers = HeaderMap::new();
  for pair in request["headers"].as_array().into_iter().flatten() {
    headers.append(
      HeaderName::try_from(pair[0].as_str().unwrap()).unwrap(),
      HeaderValue::try_from(pair[1].as_str().unwrap()).unwrap(),
    );
  }
  headers
}

fn expected_body(answer: &Value) -> Vec<u8> {
  if answer["bodyGenerated"] == "big.bin" {
    return support::big_bytes();
  }
  let body = answer["body"].as_str().unwrap_or("");
  if answer["bodyEncoding"] == "base64" {
    support::base64(body)
  } else {
    body.as_bytes().to_vec()
  }
}

#[tokio::test]
async fn every_recorded_answer() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let mut compared = 0;
  for case in answers() {
    let (request, answer) = (&case["request"], &case["answer"]);
    let name = request["name"].as_str().unwrap();
    if DIVERGES.contains(&name) {
      continue;
    }
    let path = request["path"].as_str().unwrap();
    let found = public.lookup(path);
    if answer["notPublic"] == true {
      if !REDIRECTED_FIRST.contains(&name) {
        assert!(
          found.is_none(),
          "{name}: {path} should not be a public file (Next: {})",
          answer["status"]
        );
      }
      continue;
    }
    let file =
      found.unwrap_or_else(|| panic!("{name}: {path} should be a public file"));
    let method =
      Method::from_bytes(request["method"].as_str().unwrap().as_bytes())
        .unwrap();
    let etags = request["etags"].as_bool().unwrap();
    let response = serve(&file, &method, &request_headers(request), etags)
      .await
      .unwrap();

    assert_eq!(
      response.status().as_u16(),
      answer["status"].as_u64().unwrap() as u16,
      "{name}: status"
    );
    let got: Vec<(String, String)> = response
      .headers()
      .iter()
      .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
      .collect();
    let want: Vec<(String, String)> = answer["headers"]
      .as_array()
      .unwrap()
      .iter()
      .map(|pair| {
        (
          pair[0].as_str().unwrap().to_owned(),
          pair[1].as_str().unwrap().to_owned(),
        )
      })
      .filter(|(n, _)| n != "vary")
      .collect();
    assert_eq!(got, want, "{name}: headers");
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR {
      assert!(
        response.extensions().get::<IntendedStatus>().is_some(),
        "{name}: intended status"
      );
    }
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
      body.as_ref() == expected_body(answer).as_slice(),
      "{name}: body ({} bytes)",
      body.len()
    );
    compared += 1;
  }
  assert!(compared > 90, "only {compared} answers compared");
}

#[tokio::test]
async fn intended_statuses() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let intended = |response: &http::Response<_>| {
    response.extensions().get::<IntendedStatus>().map(|s| s.0)
  };
  let hello = public.lookup("/hello.txt").unwrap();
  let post = serve(&hello, &Method::POST, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(intended(&post), Some(StatusCode::METHOD_NOT_ALLOWED));
  let mut range = HeaderMap::new();
  range.insert("range", HeaderValue::from_static("bytes=99-"));
  let unsatisfiable = serve(&hello, &Method::GET, &range, true).await.unwrap();
  assert_eq!(
    intended(&unsatisfiable),
    Some(StatusCode::RANGE_NOT_SATISFIABLE)
  );
  let hidden = public.lookup("/.hidden").unwrap();
  assert_eq!(hidden.url_path(), None);
  let refused = serve(&hidden, &Method::GET, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(intended(&refused), Some(StatusCode::BAD_REQUEST));
  let ok = serve(&hello, &Method::GET, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(intended(&ok), None);
}

#[test]
fn content_types_match_next() {
  let text = std::fs::read_to_string(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/mime-answers.json"
  ))
  .unwrap();
  let json: Value = serde_json::from_str(&text).unwrap();
  for (ext, want) in json.as_object().unwrap() {
    assert_eq!(
      edgeroute_public::content_type(&format!("file.{ext}")),
      want.as_str().unwrap(),
      ".{ext}"
    );
  }
}
