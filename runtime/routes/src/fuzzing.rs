//! The properties the fuzz targets (`runtime/routes/fuzz`) check, here so
//! that `cargo test` replays the committed corpora on stable Rust: the
//! route matcher against a straightforward reference (every route tried on
//! its own, the winner the one Next.js's sorted list puts first), and the
//! request-URL rules' invariants. Panics mean a finding.

use std::sync::OnceLock;

use crate::url::{canonical_location, next_query};
use crate::{ParamValue, RouteFile, RouteTable, Segment};

const PATTERNS: &[&[&str]] = &[
  &[],
  &["a"],
  &["a", "b"],
  &["a", "[x]"],
  &["a", "[x]", "c"],
  &["a", "[...rest]"],
  &["[id]"],
  &["[id]", "b"],
  &["[id]", "[y]", "z"],
  &["docs", "[[...slug]]"],
  &["shop", "[...all]"],
  &["shop", "cart"],
  &["b%20c"],
  &["_x", "[v]"],
];

fn segment(text: &str) -> Segment {
  Segment::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn table() -> &'static RouteTable {
  static TABLE: OnceLock<RouteTable> = OnceLock::new();
  TABLE.get_or_init(|| {
    let files = PATTERNS
      .iter()
      .enumerate()
      .map(|(i, parts)| {
        RouteFile::new(
          format!("/app/{i}/route.ts").into(),
          parts.iter().map(|p| segment(p)).collect(),
        )
      })
      .collect();
    RouteTable::build(files).unwrap_or_else(|e| panic!("table: {e}"))
  })
}

/// decodeURIComponent: `None` for a bad escape or bytes that are not UTF-8.
fn decode(text: &str) -> Option<String> {
  let bytes = text.as_bytes();
  let mut out = Vec::with_capacity(bytes.len());
  let mut i = 0;
  while i < bytes.len() {
    if bytes[i] == b'%' {
      let hex = text.get(i + 1..i + 3)?;
      // Two hex digits (from_str_radix alone would take a sign).
      if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
      }
      out.push(u8::from_str_radix(hex, 16).ok()?);
      i += 3;
    } else {
      out.push(bytes[i]);
      i += 1;
    }
  }
  String::from_utf8(out).ok()
}

/// JavaScript's encodeURIComponent, upper-case hex.
fn encode_uri_component(text: &str) -> String {
  let mut out = String::new();
  for byte in text.bytes() {
    let keep = byte.is_ascii_alphanumeric()
      || matches!(
        byte,
        b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
      );
    if keep {
      out.push(char::from(byte));
    } else {
      out.push_str(&format!("%{byte:02X}"));
    }
  }
  out
}

/// `sent` equals `escaped`, hex digits of escapes compared in any case.
fn same_escapes(sent: &str, escaped: &str) -> bool {
  let (sent, escaped) = (sent.as_bytes(), escaped.as_bytes());
  if sent.len() != escaped.len() {
    return false;
  }
  let mut i = 0;
  while i < escaped.len() {
    if escaped[i] == b'%' {
      if sent[i] != b'%'
        || !sent[i + 1].eq_ignore_ascii_case(&escaped[i + 1])
        || !sent[i + 2].eq_ignore_ascii_case(&escaped[i + 2])
      {
        return false;
      }
      i += 3;
    } else {
      if sent[i] != escaped[i] {
        return false;
      }
      i += 1;
    }
  }
  true
}

/// Kind rank of a segment in Next.js's order.
fn rank(segment: &Segment) -> u8 {
  match segment {
    Segment::Static(_) => 0,
    Segment::Dynamic(_) => 1,
    Segment::CatchAll(_) => 2,
    Segment::OptionalCatchAll(_) => 3,
  }
}

/// Whether `route` matches `parts` on its own; its raw parameters.
fn matches(
  route: &RouteFile,
  parts: &[&str],
) -> Option<Vec<(String, Vec<String>, bool)>> {
  let mut params = Vec::new();
  let mut at = 0;
  for (i, segment) in route.segments.iter().enumerate() {
    match segment {
      Segment::Static(name) => {
        let part = parts.get(at)?;
        // Static folders match as sent, or as encodeURIComponent would
        // send them (hex digits in either case); `%61` is not `a`.
        if *part != name && !same_escapes(part, &encode_uri_component(name)) {
          return None;
        }
        at += 1;
      }
      Segment::Dynamic(name) => {
        let part = parts.get(at)?;
        params.push((name.clone(), vec![(*part).to_owned()], false));
        at += 1;
      }
      Segment::CatchAll(name) | Segment::OptionalCatchAll(name) => {
        let rest: Vec<String> =
          parts[at..].iter().map(|p| (*p).to_owned()).collect();
        let optional = matches!(segment, Segment::OptionalCatchAll(_));
        if rest.is_empty() && !optional {
          return None;
        }
        debug_assert_eq!(i + 1, route.segments.len());
        if !rest.is_empty() {
          params.push((name.clone(), rest, true));
        }
        at = parts.len();
      }
    }
  }
  (at == parts.len()).then_some(params)
}

/// The matcher against the reference on one input (any bytes).
pub fn check_route_match(data: &[u8]) {
  let Ok(text) = std::str::from_utf8(data) else {
    return;
  };
  let path = format!("/{text}");
  let got = table().match_path(&path);
  // The reference.
  let rest = &path[1..];
  let parts: Vec<&str> = if rest.is_empty() {
    Vec::new()
  } else {
    rest.split('/').collect()
  };
  if parts.iter().any(|p| p.is_empty())
    || text.contains('?')
    || text.contains('#')
  {
    // Empty segments match nothing (they are the redirect's business).
    if parts.iter().any(|p| p.is_empty()) {
      assert!(matches!(got, Ok(None)), "{path}: {got:?}");
    }
    return;
  }
  let winner = table()
    .routes()
    .iter()
    .filter_map(|route| matches(route, &parts).map(|params| (route, params)))
    .min_by_key(|(route, _)| {
      route.segments.iter().map(rank).collect::<Vec<_>>()
    });
  match (winner, got) {
    (None, Ok(None)) => {}
    (Some((route, params)), Ok(Some(found))) => {
      assert_eq!(found.route.pattern, route.pattern, "{path}");
      let decoded: Option<Vec<(String, ParamValue)>> = params
        .into_iter()
        .map(|(name, values, many)| {
          let values: Option<Vec<String>> =
            values.iter().map(|v| decode(v)).collect();
          let values = values?;
          Some((
            name,
            if many {
              ParamValue::Many(values)
            } else {
              ParamValue::One(values[0].clone())
            },
          ))
        })
        .collect();
      assert_eq!(Some(found.params), decoded, "{path}");
    }
    (Some((route, params)), Err(_)) => {
      // A parameter of the winner does not decode: Next's 400.
      let bad = params
        .iter()
        .flat_map(|(_, v, _)| v)
        .any(|v| decode(v).is_none());
      assert!(bad, "{path}: {} has only good escapes", route.pattern);
    }
    (winner, got) => panic!(
      "{path}: reference {:?}, matcher {got:?}",
      winner.map(|w| &w.0.pattern)
    ),
  }
}

/// The URL rules' properties on one input (any bytes).
pub fn check_url_rules(data: &[u8]) {
  let Ok(text) = std::str::from_utf8(data) else {
    return;
  };
  let (path, query) = match text.split_once('?') {
    Some((path, query)) => (format!("/{path}"), Some(query)),
    None => (format!("/{text}"), None),
  };
  if let Some(location) = canonical_location(&path, None) {
    assert!(!location.starts_with("//"), "{path} -> {location}");
    assert!(!location.contains('\\'), "{path} -> {location}");
    assert!(!location.contains("//"), "{path} -> {location}");
    // At most the trailing slash is left, and its redirect is the last.
    if let Some(next) = canonical_location(&location, None) {
      assert_eq!(
        canonical_location(&next, None),
        None,
        "{path} -> {location} -> {next}"
      );
    }
  }
  if let Some(query) = query
    && let Some(normal) = next_query(query)
  {
    assert_eq!(
      next_query(&normal).as_deref(),
      Some(normal.as_str()),
      "{query}"
    );
    let pairs = |q: &str| form_count(q);
    assert_eq!(pairs(&normal), pairs(query), "{query} -> {normal}");
  }
}

/// How many `key=value` pairs a query holds, as a form parser reads it.
fn form_count(query: &str) -> usize {
  query.split('&').filter(|pair| !pair.is_empty()).count()
}

#[cfg(test)]
mod tests {
  /// Every input the fuzzers kept, replayed.
  #[test]
  fn the_committed_fuzz_corpora_pass() {
    let root =
      std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, check) in [
      ("route_match", super::check_route_match as fn(&[u8])),
      ("url_rules", super::check_url_rules),
    ] {
      let dir = root.join(target);
      let mut count = 0;
      for entry in std::fs::read_dir(&dir).expect("corpus folder").flatten() {
        check(&std::fs::read(entry.path()).expect("corpus file"));
        count += 1;
      }
      assert!(count > 100, "{target}: only {count} inputs");
    }
  }
}
