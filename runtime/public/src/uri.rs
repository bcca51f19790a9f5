//! The URL-path helpers Next's public-file matching relies on: JavaScript's
//! `encodeURIComponent` / `decodeURIComponent` (strict: a malformed escape or
//! an escape that is not UTF-8 is an error), the per-segment encoding Next
//! applies to every public file name, and the dot-segment removal that URL
//! parsing applies to the request path before Next looks at it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What `encodeURIComponent` leaves as is: ASCII letters, digits and
/// `- _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
  .remove(b'-')
  .remove(b'_')
  .remove(b'.')
  .remove(b'!')
  .remove(b'~')
  .remove(b'*')
  .remove(b'\'')
  .remove(b'(')
  .remove(b')');

/// `encodeURIComponent(s)`: upper-case hex escapes of the UTF-8 bytes.
pub(crate) fn encode_uri_component(s: &str) -> String {
  utf8_percent_encode(s, URI_COMPONENT).to_string()
}

/// Next's `encodeURIPath`: every `/`-separated segment encoded with
/// `encodeURIComponent`, the slashes kept.
pub(crate) fn encode_uri_path(path: &str) -> String {
  path
    .split('/')
    .map(encode_uri_component)
    .collect::<Vec<_>>()
    .join("/")
}

fn hex_value(b: u8) -> Option<u8> {
  match b {
    b'0'..=b'9' => Some(b - b'0'),
    b'a'..=b'f' => Some(b - b'a' + 10),
    b'A'..=b'F' => Some(b - b'A' + 10),
    _ => None,
  }
}

/// `decodeURIComponent(s)`: every `%XX` decoded (`%2F` included); `None`
/// where JavaScript throws a `URIError` (a `%` not followed by two hex
/// digits, or escapes that do not form UTF-8).
pub(crate) fn decode_uri_component(s: &str) -> Option<String> {
  let bytes = s.as_bytes();
  let mut out = Vec::with_capacity(bytes.len());
  let mut i = 0;
  while i < bytes.len() {
    if bytes[i] == b'%' {
      let hi = bytes.get(i + 1).copied().and_then(hex_value)?;
      let lo = bytes.get(i + 2).copied().and_then(hex_value)?;
      out.push(hi * 16 + lo);
      i += 3;
    } else {
      out.push(bytes[i]);
      i += 1;
    }
  }
  String::from_utf8(out).ok()
}

/// A segment URL parsing takes for `.`: `.` or `%2e` (any case).
fn is_single_dot(segment: &str) -> bool {
  segment == "." || segment.eq_ignore_ascii_case("%2e")
}

/// A segment URL parsing takes for `..`: `..`, `.%2e`, `%2e.` or `%2e%2e`.
fn is_double_dot(segment: &str) -> bool {
  matches!(
    segment.to_ascii_lowercase().as_str(),
    ".." | ".%2e" | "%2e." | "%2e%2e"
  )
}

/// The path as Next sees it after parsing the request URL (WHATWG URL
/// rules): the query and fragment cut off, `.` / `..` segments (also written
/// `%2e`) removed, never above the root. `/nested/%2e%2e/hello.txt` becomes
/// `/hello.txt`, `/../x` becomes `/x`, `/a/..` becomes `/`.
pub(crate) fn normalize_request_path(path: &str) -> String {
  let end = path.find(['?', '#']).unwrap_or(path.len());
  let path = &path[..end];
  let trimmed = path.strip_prefix('/').unwrap_or(path);
  let segments: Vec<&str> = trimmed.split('/').collect();
  let last = segments.len().saturating_sub(1);
  let mut out: Vec<&str> = Vec::with_capacity(segments.len());
  for (i, segment) in segments.iter().enumerate() {
    if is_double_dot(segment) {
      out.pop();
      if i == last {
        out.push("");
      }
    } else if is_single_dot(segment) {
      if i == last {
        out.push("");
      }
    } else {
      out.push(segment);
    }
  }
  format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn encode_component_like_javascript() {
    assert_eq!(encode_uri_component("a b+c&d"), "a%20b%2Bc%26d");
    assert_eq!(encode_uri_component("[x]-_.!~*'()"), "%5Bx%5D-_.!~*'()");
    assert_eq!(encode_uri_component("ü%"), "%C3%BC%25");
    assert_eq!(encode_uri_path("/a b/[c].txt"), "/a%20b/%5Bc%5D.txt");
  }

  #[test]
  fn decode_component_like_javascript() {
    assert_eq!(decode_uri_component("a%20b%2fc").as_deref(), Some("a b/c"));
    assert_eq!(decode_uri_component("%C3%BC").as_deref(), Some("ü"));
    assert_eq!(decode_uri_component("100%"), None);
    assert_eq!(decode_uri_component("%zz"), None);
    assert_eq!(decode_uri_component("%C3"), None);
    assert_eq!(decode_uri_component("%ED%A0%80"), None);
  }

  #[test]
  fn dot_segments() {
    assert_eq!(normalize_request_path("/nested/../hello.txt"), "/hello.txt");
    assert_eq!(
      normalize_request_path("/nested/%2E%2e/hello.txt"),
      "/hello.txt"
    );
    assert_eq!(normalize_request_path("/../../x"), "/x");
    assert_eq!(normalize_request_path("/a/./b/."), "/a/b/");
    assert_eq!(normalize_request_path("/a/.."), "/");
    assert_eq!(normalize_request_path("/a/..%2fb"), "/a/..%2fb");
    assert_eq!(normalize_request_path("/x.txt?a=1#f"), "/x.txt");
  }
}
