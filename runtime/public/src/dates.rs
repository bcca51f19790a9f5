//! HTTP dates: formatting `Last-Modified` as Node's `toUTCString()` does, and
//! reading request dates about as leniently as JavaScript's `Date.parse`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the epoch (negative before it), as JavaScript's
/// `Date.prototype.getTime()` gives for a file's `mtime`.
pub(crate) fn millis(time: SystemTime) -> i128 {
  match time.duration_since(UNIX_EPOCH) {
    Ok(after) => {
      i128::from(u64::try_from(after.as_millis()).unwrap_or(u64::MAX))
    }
    Err(before) => -i128::from(
      u64::try_from(before.duration().as_millis()).unwrap_or(u64::MAX),
    ),
  }
}

/// `Mon, 06 May 2024 07:08:09 GMT` (milliseconds dropped).
pub(crate) fn format(time: SystemTime) -> String {
  httpdate::fmt_http_date(time)
}

/// A request date in milliseconds since the epoch, or `None` where
/// `Date.parse` gives `NaN`. Accepted: the three HTTP forms (IMF-fixdate,
/// RFC 850, asctime) and ISO 8601 (`2024-05-06`, `2024-05-06T08:00:00Z`,
/// with optional seconds, fraction and `±hh:mm` offset; a date-time without
/// an offset is read as UTC, which is what Next does on a UTC server).
pub(crate) fn parse(value: &str) -> Option<i128> {
  let value = value.trim();
  if let Ok(time) = httpdate::parse_http_date(value) {
    return Some(millis(time));
  }
  parse_iso(value)
}

fn number(s: &str, len: usize) -> Option<(i64, &str)> {
  let digits = s.get(..len)?;
  if !digits.bytes().all(|b| b.is_ascii_digit()) {
    return None;
  }
  Some((digits.parse().ok()?, &s[len..]))
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
  let y = if m <= 2 { y - 1 } else { y };
  let era = y.div_euclid(400);
  let yoe = y - era * 400;
  let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  era * 146_097 + doe - 719_468
}

fn parse_iso(s: &str) -> Option<i128> {
  let (year, s) = number(s, 4)?;
  let s = s.strip_prefix('-')?;
  let (month, s) = number(s, 2)?;
  let s = s.strip_prefix('-')?;
  let (day, mut s) = number(s, 2)?;
  if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
    return None;
  }
  let (mut hour, mut minute, mut second, mut ms, mut offset) = (0, 0, 0, 0, 0);
  if let Some(rest) = s.strip_prefix('T') {
    let (h, rest) = number(rest, 2)?;
    let rest = rest.strip_prefix(':')?;
    let (m, mut rest) = number(rest, 2)?;
    (hour, minute) = (h, m);
    if let Some(r) = rest.strip_prefix(':') {
      let (sec, r) = number(r, 2)?;
      second = sec;
      rest = r;
      if let Some(r) = rest.strip_prefix('.') {
        let len = r.bytes().take_while(u8::is_ascii_digit).count();
        let frac = r.get(..len.min(3))?;
        ms = format!("{frac:0<3}").parse().ok()?;
        rest = &r[len..];
      }
    }
    if let Some(r) = rest.strip_prefix('Z') {
      rest = r;
    } else if let Some(sign) =
      rest.chars().next().filter(|c| *c == '+' || *c == '-')
    {
      let (oh, r) = number(&rest[1..], 2)?;
      let r = r.strip_prefix(':')?;
      let (om, r) = number(r, 2)?;
      offset = (oh * 60 + om) * if sign == '+' { 1 } else { -1 };
      rest = r;
    }
    if hour > 24 || minute > 59 || second > 59 {
      return None;
    }
    s = rest;
  }
  if !s.is_empty() {
    return None;
  }
  let days = days_from_civil(year, month, day);
  let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60;
  Some(i128::from(secs) * 1000 + i128::from(ms))
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::time::Duration;

  fn from_secs(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
  }

  #[test]
  fn http_and_iso_dates() {
    let t = 1_714_979_289_000; // 2024-05-06T07:08:09Z
    assert_eq!(parse("Mon, 06 May 2024 07:08:09 GMT"), Some(t));
    assert_eq!(parse("Monday, 06-May-24 07:08:09 GMT"), Some(t));
    assert_eq!(parse("2024-05-06T07:08:09Z"), Some(t));
    assert_eq!(parse("2024-05-06T07:08:09.5Z"), Some(t + 500));
    assert_eq!(parse("2024-05-06T09:08:09+02:00"), Some(t));
    assert_eq!(parse("2024-05-06"), Some(t - 25_689_000));
    assert_eq!(parse("yesterday"), None);
    assert_eq!(
      format(from_secs(1_714_979_289)),
      "Mon, 06 May 2024 07:08:09 GMT"
    );
  }
}
