//! `Range: bytes=...` parsed as Next's `send` parses it (the `range-parser`
//! package, ranges combined): each `start-end` read with JavaScript's
//! `parseInt`, a missing start meaning a suffix, a missing end meaning "to
//! the end", the end clamped to the file; invalid parts are skipped; no valid
//! part at all is unsatisfiable (416); overlapping or adjacent parts merge.

/// What a `Range` header asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Ranges {
  /// No `=` in the header: answer the whole file.
  Ignored,
  /// No part fits the file (Next's 416).
  Unsatisfiable,
  /// The merged parts, inclusive `(start, end)`, in the order asked.
  Parts(Vec<(u64, u64)>),
}

/// Whether the header is a byte range at all (`^ *bytes=`, case-sensitive).
pub(crate) fn is_bytes_range(header: &str) -> bool {
  header.trim_start_matches(' ').starts_with("bytes=")
}

/// JavaScript's `parseInt(s, 10)`: leading white space, an optional sign,
/// then as many digits as there are; `None` for `NaN`.
fn parse_int(s: &str) -> Option<f64> {
  let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
  let (negative, rest) = match s.as_bytes().first() {
    Some(b'-') => (true, &s[1..]),
    Some(b'+') => (false, &s[1..]),
    _ => (false, s),
  };
  let len = rest.bytes().take_while(u8::is_ascii_digit).count();
  if len == 0 {
    return None;
  }
  let value: f64 = rest[..len].parse().ok()?;
  Some(if negative { -value } else { value })
}

/// Parses `header` (the part after the first `=`) against a file of `size`.
pub(crate) fn parse(size: u64, header: &str) -> Ranges {
  let Some(eq) = header.find('=') else {
    return Ranges::Ignored;
  };
  // File sizes are far below 2^53, where f64 is exact.
  #[allow(clippy::cast_precision_loss)]
  let size = size as f64;
  let mut parts: Vec<(f64, f64)> = Vec::new();
  for part in header[eq + 1..].split(',') {
    let mut bounds = part.split('-');
    let start = bounds.next().and_then(parse_int);
    let end = bounds.next().and_then(parse_int);
    let (start, end) = match (start, end) {
      (None, end) => (end.map(|e| size - e), Some(size - 1.0)),
      (start, None) => (start, Some(size - 1.0)),
      (start, end) => (start, end),
    };
    let (Some(start), Some(end)) = (start, end.map(|e| e.min(size - 1.0)))
    else {
      continue;
    };
    if start > end || start < 0.0 {
      continue;
    }
    parts.push((start, end));
  }
  if parts.is_empty() {
    return Ranges::Unsatisfiable;
  }
  Ranges::Parts(combine(parts))
}

/// Merges overlapping or adjacent ranges; each merged range keeps the
/// position of the earliest part it absorbed.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn combine(parts: Vec<(f64, f64)>) -> Vec<(u64, u64)> {
  let mut indexed: Vec<(usize, f64, f64)> = parts
    .into_iter()
    .enumerate()
    .map(|(i, (s, e))| (i, s, e))
    .collect();
  indexed.sort_by(|a, b| a.1.total_cmp(&b.1));
  let mut merged: Vec<(usize, f64, f64)> = Vec::with_capacity(indexed.len());
  for (index, start, end) in indexed {
    match merged.last_mut() {
      Some(last) if start <= last.2 + 1.0 => {
        if end > last.2 {
          last.2 = end;
          last.0 = last.0.min(index);
        }
      }
      _ => merged.push((index, start, end)),
    }
  }
  merged.sort_by_key(|m| m.0);
  // start >= 0 and end >= start hold; both are integers below 2^53.
  merged
    .into_iter()
    .map(|(_, s, e)| (s as u64, e as u64))
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn like_range_parser() {
    assert_eq!(parse(15, "bytes=0-4"), Ranges::Parts(vec![(0, 4)]));
    assert_eq!(parse(15, "bytes=-5"), Ranges::Parts(vec![(10, 14)]));
    assert_eq!(parse(15, "bytes=7-"), Ranges::Parts(vec![(7, 14)]));
    assert_eq!(parse(15, "bytes=7-999"), Ranges::Parts(vec![(7, 14)]));
    assert_eq!(parse(15, "bytes=3"), Ranges::Parts(vec![(3, 14)]));
    assert_eq!(parse(15, "bytes=1-2x"), Ranges::Parts(vec![(1, 2)]));
    assert_eq!(parse(15, "bytes=x-y,2-3"), Ranges::Parts(vec![(2, 3)]));
    assert_eq!(parse(15, "bytes=0-1,2-4"), Ranges::Parts(vec![(0, 4)]));
    assert_eq!(
      parse(15, "bytes=5-6,0-1"),
      Ranges::Parts(vec![(5, 6), (0, 1)])
    );
    assert_eq!(parse(15, "bytes=-100"), Ranges::Unsatisfiable);
    assert_eq!(parse(15, "bytes=-0"), Ranges::Unsatisfiable);
    assert_eq!(parse(15, "bytes=5-2"), Ranges::Unsatisfiable);
    assert_eq!(parse(0, "bytes=0-4"), Ranges::Unsatisfiable);
    assert_eq!(parse(15, "bytes"), Ranges::Ignored);
    assert!(is_bytes_range("  bytes=1-2"));
    assert!(!is_bytes_range("Bytes=1-2"));
  }
}
