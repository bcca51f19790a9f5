//! Request headers read as Node's HTTP parser hands them to Next: a repeated
//! `If-Modified-Since` / `If-Unmodified-Since` keeps its first value, other
//! repeated headers are joined with `", "`; an empty value counts as absent
//! (JavaScript's truthiness); bytes that are not ASCII are read as Latin-1.

use http::HeaderMap;

fn latin1(bytes: &[u8]) -> String {
  bytes.iter().map(|&b| char::from(b)).collect()
}

/// The first value of `name`, if present and not empty.
pub(crate) fn first(headers: &HeaderMap, name: &str) -> Option<String> {
  let value = latin1(headers.get(name)?.as_bytes());
  (!value.is_empty()).then_some(value)
}

/// Every value of `name` joined with `", "`, if present and not empty.
pub(crate) fn joined(headers: &HeaderMap, name: &str) -> Option<String> {
  let values: Vec<String> = headers
    .get_all(name)
    .iter()
    .map(|v| latin1(v.as_bytes()))
    .collect();
  let value = values.join(", ");
  (!value.is_empty()).then_some(value)
}
