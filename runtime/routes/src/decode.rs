//! Strict percent-decoding with the semantics of JavaScript's
//! `decodeURIComponent`.

use std::borrow::Cow;

/// Why a path segment could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Decodes one path segment the way `decodeURIComponent` does:
///
/// * every `%XX` (hex, either case) becomes the byte `XX`, including
///   reserved characters (`%2F` → `/`, `%25` → `%`, `%3F` → `?`);
/// * `+` is left alone;
/// * a `%` not followed by two hex digits, or escapes whose bytes are not
///   valid UTF-8 (truncated sequences, overlong forms, surrogates) are an
///   error, as `decodeURIComponent` throws `URIError` for them.
///
/// Borrows when there is nothing to decode.
pub fn decode_component(input: &str) -> Result<Cow<'_, str>, Malformed> {
  let Some(first) = input.find('%') else {
    return Ok(Cow::Borrowed(input));
  };
  let bytes = input.as_bytes();
  let mut out = Vec::with_capacity(bytes.len());
  out.extend_from_slice(&bytes[..first]);
  let mut i = first;
  while i < bytes.len() {
    let byte = bytes[i];
    if byte == b'%' {
      let hi = bytes.get(i + 1).copied().and_then(hex_value);
      let lo = bytes.get(i + 2).copied().and_then(hex_value);
      match (hi, lo) {
        (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
        _ => return Err(Malformed),
      }
      i += 3;
    } else {
      out.push(byte);
      i += 1;
    }
  }
  String::from_utf8(out)
    .map(Cow::Owned)
    .map_err(|_| Malformed)
}

fn hex_value(byte: u8) -> Option<u8> {
  match byte {
    b'0'..=b'9' => Some(byte - b'0'),
    b'a'..=b'f' => Some(byte - b'a' + 10),
    b'A'..=b'F' => Some(byte - b'A' + 10),
    _ => None,
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn dec(s: &str) -> Result<String, Malformed> {
    decode_component(s).map(Cow::into_owned)
  }

  #[test]
  fn decodes_like_decode_uri_component() {
    assert_eq!(dec("plain"), Ok("plain".into()));
    assert!(matches!(decode_component("plain"), Ok(Cow::Borrowed(_))));
    assert_eq!(dec("a%2Fb"), Ok("a/b".into()));
    assert_eq!(dec("a%2fb"), Ok("a/b".into()));
    assert_eq!(dec("100%25"), Ok("100%".into()));
    assert_eq!(dec("a+b"), Ok("a+b".into()));
    assert_eq!(dec("%20"), Ok(" ".into()));
    assert_eq!(dec("caf%C3%A9"), Ok("café".into()));
    assert_eq!(dec("%F0%9F%A6%80"), Ok("🦀".into()));
    assert_eq!(dec("%00"), Ok("\0".into()));
    assert_eq!(dec("é"), Ok("é".into()));
  }

  #[test]
  fn rejects_what_decode_uri_component_throws_on() {
    for bad in [
      "%",
      "%2",
      "a%",
      "%zz",
      "%G0",
      "%0G",
      "%C3",
      "%C3A",
      "%E2%82",
      "%FF",
      "%C0%AF",
      "%ED%A0%80",
      "%80",
    ] {
      assert_eq!(dec(bad), Err(Malformed), "{bad}");
    }
  }
}
