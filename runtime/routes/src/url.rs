//! Next.js's rules for the request URL a handler sees: the canonical path
//! (or where to redirect to it) and the normalised query. Pure functions of
//! what the client sent, so they are fuzzed (`runtime/routes/fuzz`).

use std::borrow::Cow;
use std::collections::HashMap;

/// Where Next.js redirects a path that is not canonical; `None` when it
/// is. As `next start` does it before any rule: backslashes become slashes
/// and runs of slashes collapse (so `/\\evil.example/` can never become a
/// `Location` a browser reads as another host). The trailing slash is
/// next.config's (`trailingSlash`): `edgeroute_rules` owns that redirect.
pub fn canonical_location(path: &str, query: Option<&str>) -> Option<String> {
  let mut canonical = String::with_capacity(path.len());
  if path.contains('\\') || path.contains("//") {
    for c in path.chars() {
      let c = if c == '\\' { '/' } else { c };
      if !(c == '/' && canonical.ends_with('/')) {
        canonical.push(c);
      }
    }
  } else {
    return None;
  }
  if let Some(query) = query {
    canonical.push('?');
    canonical.push_str(query);
  }
  Some(canonical)
}

/// The query string as Next.js hands it to handlers: parsed and written
/// back, so values of a repeated key sit together (first-seen key order)
/// and the encoding is `application/x-www-form-urlencoded`'s (`flag` ->
/// `flag=`, `%20` -> `+`). `None` for an empty query. The one owner of
/// this rule: `nextUrl` is built from `request.url` and keeps its search.
pub fn next_query(query: &str) -> Option<String> {
  // Values grouped by key in first-seen key order, in one pass: a query of
  // thousands of distinct keys costs what one of thousands of values does.
  let mut groups: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
  let mut index: HashMap<Cow<'_, str>, usize> = HashMap::new();
  for (key, value) in form_urlencoded::parse(query.as_bytes()) {
    match index.get(&key) {
      Some(&at) => groups[at].1.push(value),
      None => {
        index.insert(key.clone(), groups.len());
        groups.push((key, vec![value]));
      }
    }
  }
  if groups.is_empty() {
    return None;
  }
  let mut out = form_urlencoded::Serializer::new(String::new());
  for (key, values) in &groups {
    for value in values {
      out.append_pair(key, value);
    }
  }
  Some(out.finish())
}

#[cfg(test)]
mod tests {
  use std::time::{Duration, Instant};

  use super::{canonical_location, next_query};

  #[test]
  fn the_query_is_grouped_by_key_in_first_seen_order_and_form_encoded() {
    assert_eq!(
      next_query("b=1&a=2&b=3&flag&sp=a%20b").as_deref(),
      Some("b=1&b=3&a=2&flag=&sp=a+b")
    );
    assert_eq!(next_query(""), None);
  }

  #[test]
  fn the_query_rewrite_is_linear_in_the_number_of_distinct_keys() {
    // 100,000 distinct keys: a pass per key over all pairs would be 10^10
    // steps.
    let query: String = (0..100_000).map(|i| format!("k{i}=v&")).collect();
    let started = Instant::now();
    let out = next_query(&query).unwrap_or_default();
    let took = started.elapsed();
    assert!(out.starts_with("k0=v&k1=v&k2=v"), "{}", &out[..20]);
    assert!(took < Duration::from_secs(3), "took {took:?}");
  }

  #[test]
  fn canonical_paths_as_next_start_redirects_them() {
    assert_eq!(canonical_location("/a", None), None);
    assert_eq!(canonical_location("/", None), None);
    // The trailing slash is next.config's rule, not this one.
    assert_eq!(canonical_location("/a/", Some("x=1")), None);
    assert_eq!(
      canonical_location("//a", Some("x=1")).as_deref(),
      Some("/a?x=1")
    );
    assert_eq!(
      canonical_location("//a//b/", None).as_deref(),
      Some("/a/b/")
    );
    assert_eq!(
      canonical_location("/\\evil.example/", None).as_deref(),
      Some("/evil.example/")
    );
  }
}
