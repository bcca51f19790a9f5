//! Tests: Next's own answers, recorded by `tests/record-next-rules.mjs` from next@16.4.6's
//! compiled router, replayed against this crate.

use crate::{
  Filesystem, NextConfig, ProxyMatcher, RequestParts, Resolution, Rules,
};
use serde_json::Value;
use std::collections::BTreeMap;

const ANSWERS: &str = include_str!("../tests/next-answers.json");

fn answers() -> Value {
  serde_json::from_str(ANSWERS).expect("next-answers.json parses")
}

/// Files and dynamic routes as the recorder's stand-in filesystem has them.
struct FakeFs {
  files: Vec<String>,
  dynamic: Vec<String>,
}

fn dynamic_match(page: &str, path: &str) -> bool {
  let page: Vec<&str> = page.split('/').skip(1).collect();
  let path = path
    .strip_suffix('/')
    .filter(|p| !p.is_empty())
    .unwrap_or(path);
  let segs: Vec<&str> = path.split('/').skip(1).collect();
  for (i, p) in page.iter().enumerate() {
    if p.starts_with("[...") {
      return segs.len() > i && segs[i..].iter().all(|s| !s.is_empty());
    }
    let Some(s) = segs.get(i) else { return false };
    if p.starts_with('[') {
      if s.is_empty() {
        return false;
      }
    } else if !p.eq_ignore_ascii_case(s) {
      return false;
    }
  }
  segs.len() == page.len()
}

impl Filesystem for FakeFs {
  type Hit = String;
  fn file(&self, path: &str) -> Option<String> {
    self
      .files
      .iter()
      .chain(self.dynamic.iter())
      .find(|f| *f == path)
      .cloned()
  }
  fn dynamic(&self, path: &str) -> Option<String> {
    self
      .dynamic
      .iter()
      .find(|p| dynamic_match(p, path))
      .cloned()
  }
}

fn strings(v: &Value) -> Vec<String> {
  v.as_array()
    .map(|a| {
      a.iter()
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
    })
    .unwrap_or_default()
}

fn header_map(v: &Value) -> http::HeaderMap {
  let mut h = http::HeaderMap::new();
  if let Some(o) = v.as_object() {
    for (k, val) in o {
      let name =
        http::HeaderName::from_bytes(k.as_bytes()).expect("header name");
      h.append(
        name,
        http::HeaderValue::from_str(val.as_str().unwrap_or(""))
          .expect("header value"),
      );
    }
  }
  h
}

fn grouped(
  headers: &[(http::HeaderName, http::HeaderValue)],
) -> BTreeMap<String, Vec<String>> {
  let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
  for (k, v) in headers {
    m.entry(k.as_str().to_string())
      .or_default()
      .push(v.to_str().unwrap_or("").to_string());
  }
  m
}

fn expected_headers(v: &Value) -> BTreeMap<String, Vec<String>> {
  v.as_object()
    .map(|o| o.iter().map(|(k, v)| (k.clone(), strings(v))).collect())
    .unwrap_or_default()
}

/// Replays one recorded request; returns a description of the difference, if any.
fn replay(
  rules: &Rules,
  fs: &FakeFs,
  request: &Value,
  answer: &Value,
) -> Option<String> {
  let headers = header_map(&request["headers"]);
  let req = RequestParts {
    path: request["path"].as_str().unwrap_or("/"),
    query: request["query"].as_str(),
    headers: &headers,
  };
  let front = rules.front(&req);
  let kind = answer["kind"].as_str().unwrap_or("");
  if kind == "redirect" {
    let got = front
      .redirect
      .as_ref()
      .map(|r| (r.status.as_u16(), r.location.clone()));
    let want = (
      answer["status"].as_u64().unwrap_or(0) as u16,
      answer["location"].as_str().unwrap_or("").to_string(),
    );
    if got.as_ref() != Some(&want) || !front.headers.is_empty() {
      return Some(format!(
        "redirect: want {want:?}, got {got:?} (error {:?}, headers {:?})",
        front.error, front.headers
      ));
    }
    return None;
  }
  if let Some(r) = &front.redirect {
    return Some(format!("unexpected redirect {r:?}, want {answer}"));
  }
  if let Some(e) = &front.error {
    if kind == "error" && answer["message"].as_str() == Some(e.as_str()) {
      return None;
    }
    return Some(format!("front error {e}, want {answer}"));
  }
  let want_h = expected_headers(&answer["headers"]);
  let got_h = grouped(&front.headers);
  if kind != "error" && want_h != got_h {
    return Some(format!("headers: want {want_h:?}, got {got_h:?}"));
  }
  let res = rules.resolve(&req, fs);
  let ok = match (&res, kind) {
    (Resolution::Hit { hit, query, .. }, "hit") => {
      let want_q: Vec<(String, String)> = answer["query"]
        .as_array()
        .map(|a| {
          a.iter()
            .map(|p| {
              (
                p[0].as_str().unwrap_or("").into(),
                p[1].as_str().unwrap_or("").into(),
              )
            })
            .collect()
        })
        .unwrap_or_default();
      Some(hit.as_str()) == answer["item"].as_str() && *query == want_q
    }
    (Resolution::External { url }, "external") => {
      Some(url.as_str()) == answer["url"].as_str()
    }
    (Resolution::NotFound, "notfound") => true,
    (Resolution::Error { message }, "error") => {
      Some(message.as_str()) == answer["message"].as_str()
    }
    _ => false,
  };
  (!ok).then(|| format!("resolve: want {answer}, got {res:?}"))
}

#[test]
fn replays_next_route_resolution() {
  let all = answers();
  let mut failures = Vec::new();
  let mut count = 0;
  for case in all["cases"].as_array().expect("cases") {
    let name = case["name"].as_str().unwrap_or("");
    let (config, _) = NextConfig::from_json(&case["config"])
      .unwrap_or_else(|e| panic!("{name}: {e}"));
    let rules = Rules::new(&config).expect("rules");
    let fs = FakeFs {
      files: strings(&case["files"]),
      dynamic: strings(&case["dynamic"]),
    };
    for r in case["requests"].as_array().expect("requests") {
      count += 1;
      if let Some(diff) = replay(&rules, &fs, &r["request"], &r["answer"]) {
        failures.push(format!(
          "[{name}] {} ?{}: {diff}",
          r["request"]["path"], r["request"]["query"]
        ));
      }
    }
  }
  assert!(count > 100, "too few recorded requests: {count}");
  assert!(
    failures.is_empty(),
    "{} of {count} differ from Next:\n{}",
    failures.len(),
    failures.join("\n")
  );
}

#[test]
fn replays_next_proxy_matchers() {
  let all = answers();
  let mut failures = Vec::new();
  for p in all["proxy"].as_array().expect("proxy") {
    let name = p["name"].as_str().unwrap_or("");
    let m = ProxyMatcher::new(
      p.get("matcher").filter(|m| !m.is_null()),
      p["basePath"].as_str().unwrap_or(""),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    for r in p["requests"].as_array().expect("requests") {
      let headers = header_map(&r["request"]["headers"]);
      let req = RequestParts {
        path: r["request"]["path"].as_str().unwrap_or("/"),
        query: r["request"]["query"].as_str(),
        headers: &headers,
      };
      let want = r["matches"].as_bool().unwrap_or(false);
      if m.matches(&req) != want {
        failures.push(format!(
          "[{name}] {} ?{}: want {want}",
          r["request"]["path"], r["request"]["query"]
        ));
      }
    }
  }
  assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rejects_what_next_rejects() {
  let all = answers();
  let mut failures = Vec::new();
  for v in all["invalid"].as_array().expect("invalid") {
    let name = v["name"].as_str().unwrap_or("");
    let next_rejects = !v["error"].is_null();
    let got = NextConfig::from_json(&v["config"]);
    if got.is_err() != next_rejects {
      failures.push(format!(
        "[{name}] Next: {}, edgeroute: {:?}",
        v["error"],
        got.map(|_| ())
      ));
    }
  }
  assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_name_the_rule() {
  let cfg = serde_json::json!({ "redirects": [
      { "source": "/a", "destination": "/b", "permanent": true },
      { "source": "/a", "destination": "/b", "permanent": true },
      { "source": "x", "destination": "/b", "permanent": true }
  ]});
  let e = NextConfig::from_json(&cfg).expect_err("invalid");
  assert_eq!(
    e.to_string(),
    "redirects[2]: `source` does not start with /"
  );
}

#[test]
fn unknown_keys_warn_known_ones_do_not() {
  let cfg = serde_json::json!({ "images": {}, "webpack": null, "fooBar": 1, "bazQ": 2, "i18n": null });
  let (c, w) = NextConfig::from_json(&cfg).expect("valid");
  // key order is serde_json's (sorted unless its `preserve_order` feature is on)
  let keys = if cfg
    .as_object()
    .and_then(|o| o.keys().next())
    .map(String::as_str)
    == Some("images")
  {
    "'fooBar', 'bazQ'"
  } else {
    "'bazQ', 'fooBar'"
  };
  assert_eq!(w[1], format!("    Unrecognized key(s) in object: {keys}"));
  assert_eq!(w.len(), 3);
  assert!(w[0].starts_with("Invalid next.config.js options detected"));
  assert!(c.compress && c.powered_by_header && c.generate_etags);
  let (_, w) =
    NextConfig::from_json(&serde_json::json!({ "images": {} })).expect("valid");
  assert!(w.is_empty());
}

#[test]
fn counts_and_base_path() {
  let cfg = serde_json::json!({ "basePath": "/docs", "rewrites": { "beforeFiles": [{ "source": "/a", "destination": "/b" }],
        "fallback": [{ "source": "/c", "destination": "/d" }, { "source": "/e", "destination": "/f" }] },
        "redirects": [{ "source": "/x", "destination": "/y", "permanent": false }] });
  let (c, _) = NextConfig::from_json(&cfg).expect("valid");
  let rules = Rules::new(&c).expect("rules");
  let n = rules.counts();
  assert_eq!(
    (
      n.headers,
      n.redirects,
      n.before_files,
      n.after_files,
      n.fallback
    ),
    (0, 1, 1, 0, 2)
  );
  assert_eq!(rules.base_path(), "/docs");
  assert_eq!(rules.strip_base_path("/docs").as_deref(), Some("/"));
  assert_eq!(rules.strip_base_path("/docs/a").as_deref(), Some("/a"));
  assert_eq!(rules.strip_base_path("/documents"), None);
  let none = Rules::new(&NextConfig::default()).expect("rules");
  assert_eq!(none.strip_base_path("/a").as_deref(), Some("/a"));
  assert!(
    NextConfig::from_json(&serde_json::json!({ "basePath": "docs" })).is_err()
  );
  assert!(
    NextConfig::from_json(&serde_json::json!({ "basePath": "/docs/" }))
      .is_err()
  );
}

fn params_of(v: &Value) -> crate::query::JsMap<crate::query::Val> {
  use crate::query::{JsMap, Val};
  let mut m = JsMap::new();
  for (k, v) in v.as_object().into_iter().flatten() {
    let val = match v {
      Value::Array(_) => Val::Many(strings(v)),
      other => Val::One(other.as_str().unwrap_or("").to_string()),
    };
    m.insert(k.clone(), val);
  }
  m
}

#[test]
fn pattern_regexes_are_path_to_regexps() {
  use crate::pattern::{Options, parse, to_regex_source};
  let all = answers();
  let mut failures = Vec::new();
  for p in all["patterns"].as_array().expect("patterns") {
    let src = p["source"].as_str().unwrap_or("");
    for (which, opts) in [
      ("route", Options::route()),
      ("defaults", Options::defaults()),
    ] {
      let got = parse(src, &opts)
        .and_then(|t| to_regex_source(&t, &opts))
        .map(|(s, _)| s.replace("\\/", "/"));
      let want = &p[which];
      let same = match &got {
        Ok(s) => want["regex"].as_str() == Some(s.as_str()),
        Err(e) => want["error"].as_str() == Some(e.as_str()),
      };
      if !same {
        failures.push(format!("{src} ({which}): want {want}, got {got:?}"));
      }
    }
  }
  assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn non_path_values_compile_as_next() {
  let all = answers();
  let mut failures = Vec::new();
  for c in all["nonPath"].as_array().expect("nonPath") {
    let value = c["value"].as_str().unwrap_or("");
    let got =
      crate::destination::compile_non_path(value, &params_of(&c["params"]));
    let want = &c["result"];
    let same = match &got {
      Ok(s) => want["value"].as_str() == Some(s.as_str()),
      Err(e) => want["error"].as_str() == Some(e.as_str()),
    };
    if !same {
      failures.push(format!(
        "{value:?} {}: want {want}, got {got:?}",
        c["params"]
      ));
    }
  }
  assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn plain_paths_skip_the_url_parse_and_others_are_normalised_by_it() {
  assert_eq!(crate::url_path("/api/hello.json"), "/api/hello.json");
  assert_eq!(crate::url_path("/a/./b/../c"), "/a/c");
  assert_eq!(crate::url_path("/a b"), "/a%20b");
  assert_eq!(crate::url_path("/%7Euser"), "/%7Euser");
}
