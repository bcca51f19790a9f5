//! A Rust port of the cookie rules of `01_cookies.js` (Next.js's
//! `RequestCookies` / `ResponseCookies`, with the Fetch `Headers` checks in
//! front of them), used as the oracle of the `cookies` fuzz target
//! (`ext/next/fuzz`): the target runs [`HARNESS`] in a real isolate and
//! compares its answer with [`expected`]. libFuzzer's coverage comes from
//! this port, whose branches follow the JS ones.
//!
//! Compared: the request side (`NextRequest.cookies.getAll()` for a
//! `Cookie` header), the response side (`NextResponse.cookies.set()` and the
//! `Set-Cookie` line it writes) and that line read back
//! (`new NextResponse(null, { headers: [["set-cookie", line]] })`). What is
//! V8's rather than ours is left out: the port never guesses what
//! `Date.parse` or `Number()` make of strings we did not write.

mod format;
mod input;

use serde_json::{Map, Value, json};

pub use input::{FuzzCookie, FuzzInput};

/// The ES module a fuzz isolate evaluates: it defines
/// `globalThis.__edgerouteFuzz(json) -> json` over the public `next/server`
/// API, with `Date.now` frozen at [`NOW`].
pub const HARNESS: &str = include_str!("fuzzing/cookies_harness.js");

/// `Date.now()` inside the harness.
pub const NOW: i64 = 1_700_000_000_000;

/// What the harness answers for `input`, as the JS should compute it.
pub fn expected(input: &FuzzInput) -> Value {
  let request = attempt(request_cookies(&input.header).map(|pairs| {
    Value::Array(pairs.into_iter().map(|(n, v)| json!([n, v])).collect())
  }));
  let line = set_cookie_line(&input.cookie);
  let back = match &line {
    Ok(line) => attempt(read_back(line)),
    Err(_) => Value::Null,
  };
  json!({
    "request": request,
    "set": attempt(line.map(|line| json!([line]))),
    "back": back,
  })
}

/// Whether the harness's answer `actual` matches [`expected`], leaving out
/// the fields the port does not predict (marked by [`UNKNOWN`]).
pub fn matches(expected: &Value, actual: &Value) -> bool {
  match (expected, actual) {
    (Value::String(s), _) if s == UNKNOWN => true,
    (Value::Object(e), Value::Object(a)) => {
      e.len() == a.len()
        && e
          .iter()
          .all(|(k, v)| a.get(k).is_some_and(|other| matches(v, other)))
    }
    (Value::Array(e), Value::Array(a)) => {
      e.len() == a.len() && e.iter().zip(a).all(|(e, a)| matches(e, a))
    }
    _ => expected == actual,
  }
}

/// Stands for a value only V8 knows (a date or number it parsed from a
/// string we did not write).
pub const UNKNOWN: &str = "\u{0}unknown";

/// The error the JS throws, by name.
type JsError = &'static str;

fn attempt(result: Result<Value, JsError>) -> Value {
  match result {
    Ok(value) => json!({ "ok": value }),
    Err(name) => json!({ "error": name }),
  }
}

/// A header value as `Headers` stores it: a ByteString, trimmed of HTTP
/// whitespace, without NUL, CR or LF.
fn header_value(value: &str) -> Result<&str, JsError> {
  if value.chars().any(|c| c as u32 > 0xFF) {
    return Err("TypeError");
  }
  let trimmed = value.trim_matches(|c| matches!(c, '\t' | '\n' | '\r' | ' '));
  if trimmed.contains(['\0', '\r', '\n']) {
    return Err("TypeError");
  }
  Ok(trimmed)
}

/// `split(/; */)` without the empty pieces.
fn pairs(text: &str) -> Vec<&str> {
  let mut out = Vec::new();
  let mut rest = text;
  while let Some(at) = rest.find(';') {
    out.push(&rest[..at]);
    rest = rest[at + 1..].trim_start_matches(' ');
  }
  out.push(rest);
  out.retain(|pair| !pair.is_empty());
  out
}

fn split_pair(pair: &str) -> (&str, &str) {
  match pair.find('=') {
    Some(at) => (&pair[..at], &pair[at + 1..]),
    None => (pair, "true"),
  }
}

/// `request.cookies.getAll()` as `[name, value]` pairs: a Map, so the
/// first occurrence fixes the position and the last one the value; an
/// undecodable value leaves the map as it was.
fn request_cookies(header: &str) -> Result<Vec<(String, String)>, JsError> {
  let header = header_value(header)?;
  let mut map: Vec<(String, String)> = Vec::new();
  for pair in pairs(header) {
    let (name, value) = match pair.find('=') {
      Some(at) => match format::decode_uri_component(&pair[at + 1..]) {
        Some(value) => (&pair[..at], value),
        None => continue,
      },
      None => (pair, "true".to_owned()),
    };
    match map.iter_mut().find(|(n, _)| n == name) {
      Some(entry) => entry.1 = value,
      None => map.push((name.to_owned(), value)),
    }
  }
  Ok(map)
}

/// The `Set-Cookie` line `response.cookies.set(name, value, options)`
/// writes: `normalizeCookie` (Expires from a non-zero maxAge, Path "/"),
/// then `stringifyCookie`, then the `Headers` checks.
fn set_cookie_line(cookie: &FuzzCookie) -> Result<String, JsError> {
  let expires = match (cookie.max_age, cookie.expires) {
    (Some(max_age), _) if max_age != 0 => Some(NOW + i64::from(max_age) * 1000),
    (_, expires) => expires,
  };
  let path = cookie.path.as_deref().unwrap_or("/");
  let mut attrs = Vec::new();
  if !path.is_empty() {
    attrs.push(format!("Path={path}"));
  }
  if let Some(ms) = expires {
    attrs.push(format!("Expires={}", format::utc_string(ms)));
  }
  if let Some(max_age) = cookie.max_age {
    attrs.push(format!("Max-Age={max_age}"));
  }
  if let Some(domain) = cookie.domain.as_deref().filter(|d| !d.is_empty()) {
    attrs.push(format!("Domain={domain}"));
  }
  if cookie.secure {
    attrs.push("Secure".to_owned());
  }
  if cookie.http_only {
    attrs.push("HttpOnly".to_owned());
  }
  if let Some(same_site) = cookie.same_site.as_deref().filter(|s| !s.is_empty())
  {
    attrs.push(format!("SameSite={same_site}"));
  }
  if cookie.partitioned {
    attrs.push("Partitioned".to_owned());
  }
  if let Some(priority) = cookie.priority.as_deref().filter(|p| !p.is_empty()) {
    attrs.push(format!("Priority={priority}"));
  }
  let pair = format!(
    "{}={}",
    cookie.name,
    format::encode_uri_component(&cookie.value)
  );
  let line = if attrs.is_empty() {
    pair
  } else {
    format!("{pair}; {}", attrs.join("; "))
  };
  header_value(&line).map(str::to_owned)
}

/// `new NextResponse(null, { headers: [["set-cookie", line]] })
/// .cookies.getAll()`: `parseSetCookie(line, true)`.
fn read_back(line: &str) -> Result<Value, JsError> {
  let parts: Vec<(&str, &str)> =
    pairs(line).into_iter().map(split_pair).collect();
  let Some(&(name, value)) = parts.first() else {
    return Ok(json!([]));
  };
  // `attributes[key] = value`: the last duplicate wins.
  let mut attributes: Vec<(String, &str)> = Vec::new();
  for &(key, value) in &parts[1..] {
    let key = key.to_lowercase().replace('-', "");
    match attributes.iter_mut().find(|(k, _)| *k == key) {
      Some(entry) => entry.1 = value,
      None => attributes.push((key, value)),
    }
  }
  let attribute =
    |key: &str| attributes.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
  let truthy = |key: &str| attribute(key).filter(|v| !v.is_empty());
  // Strict: Next.js throws destructuring the pair it dropped.
  let value = format::decode_uri_component(value).ok_or("TypeError")?;
  let mut cookie = Map::new();
  if !name.is_empty() {
    cookie.insert("name".into(), json!(name));
  }
  cookie.insert("value".into(), json!(value));
  if let Some(domain) = truthy("domain") {
    cookie.insert("domain".into(), json!(domain));
  }
  if let Some(expires) = truthy("expires") {
    cookie.insert("expires".into(), format::parse_back_date(expires));
  }
  if truthy("httponly").is_some() {
    cookie.insert("httpOnly".into(), json!(true));
  }
  if let Some(max_age) = attribute("maxage") {
    cookie.insert("maxAge".into(), format::number(max_age));
  }
  if let Some(path) = truthy("path") {
    cookie.insert("path".into(), json!(path));
  }
  if truthy("secure").is_some() {
    cookie.insert("secure".into(), json!(true));
  }
  // `parseSameSite` / `parsePriority`: kept, lower-cased, when one of
  // the values the attribute allows.
  let mut one_of = |key: &str, field: &str, allowed: [&str; 3]| {
    if let Some(lower) = truthy(key)
      .map(str::to_lowercase)
      .filter(|lower| allowed.contains(&lower.as_str()))
    {
      cookie.insert(field.into(), json!(lower));
    }
  };
  one_of("samesite", "sameSite", ["strict", "lax", "none"]);
  one_of("priority", "priority", ["low", "medium", "high"]);
  if truthy("partitioned").is_some() {
    cookie.insert("partitioned".into(), json!(true));
  }
  Ok(json!([cookie]))
}

/// Runs `harness` (the JS, given the input as JSON, answering JSON) on
/// the input `data` stands for and panics when its answer differs from
/// [`expected`]: the property of the `cookies` fuzz target.
pub fn check(data: &[u8], harness: impl FnOnce(&str) -> String) {
  check_input(&FuzzInput::from_bytes(data), harness);
}

/// [`check`] for a case given as such.
pub fn check_input(input: &FuzzInput, harness: impl FnOnce(&str) -> String) {
  let answer = harness(&input.to_json());
  let actual: Value = serde_json::from_str(&answer)
    .unwrap_or_else(|e| panic!("harness answered no JSON ({e}): {answer}"));
  let expected = expected(input);
  assert!(
    matches(&expected, &actual),
    "cookie rules differ for {input:?}\n  JS:     {actual}\n  oracle: {expected}"
  );
}
