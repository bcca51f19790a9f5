//! The ECMAScript string and date conversions the cookie code relies on:
//! `decodeURIComponent`, `encodeURIComponent`, `Date.prototype.toUTCString`,
//! and what `new Date(s)` / `Number(s)` give for the strings the cookie
//! code itself writes.

use serde_json::{Value, json};

use super::UNKNOWN;

/// `decodeURIComponent`; `None` where it throws a URIError.
pub fn decode_uri_component(text: &str) -> Option<String> {
  let bytes = text.as_bytes();
  let mut out = String::with_capacity(text.len());
  let mut i = 0;
  while i < bytes.len() {
    if bytes[i] != b'%' {
      let rest = &text[i..];
      let c = rest.chars().next()?;
      out.push(c);
      i += c.len_utf8();
      continue;
    }
    let first = escape(bytes, i)?;
    i += 3;
    let len = match first {
      0x00..=0x7F => 1,
      0xC0..=0xDF => 2,
      0xE0..=0xEF => 3,
      0xF0..=0xF7 => 4,
      _ => return None,
    };
    let mut sequence = vec![first];
    for _ in 1..len {
      let next = escape(bytes, i)?;
      if next & 0xC0 != 0x80 {
        return None;
      }
      sequence.push(next);
      i += 3;
    }
    // Overlong forms, surrogates and code points past U+10FFFF throw.
    out.push_str(std::str::from_utf8(&sequence).ok()?);
  }
  Some(out)
}

/// The byte of the `%XX` escape at `at`.
fn escape(bytes: &[u8], at: usize) -> Option<u8> {
  if bytes.get(at) != Some(&b'%') {
    return None;
  }
  let hex = bytes.get(at + 1..at + 3)?;
  let hex = std::str::from_utf8(hex).ok()?;
  u8::from_str_radix(hex, 16)
    .ok()
    .filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `encodeURIComponent` (the text is valid Unicode, so it never throws).
pub fn encode_uri_component(text: &str) -> String {
  let mut out = String::with_capacity(text.len());
  for c in text.chars() {
    if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) {
      out.push(c);
    } else {
      let mut buf = [0; 4];
      for byte in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{byte:02X}"));
      }
    }
  }
  out
}

/// The largest time value a Date holds, in ms from the epoch.
const MAX_TIME: i64 = 8_640_000_000_000_000;
const MS_PER_DAY: i64 = 86_400_000;
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
  "Dec",
];

/// `new Date(ms).toUTCString()`.
pub fn utc_string(ms: i64) -> String {
  if !(-MAX_TIME..=MAX_TIME).contains(&ms) {
    return "Invalid Date".to_owned();
  }
  let days = ms.div_euclid(MS_PER_DAY);
  let in_day = ms.rem_euclid(MS_PER_DAY) / 1000;
  let (year, month, day) = civil_from_days(days);
  let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
  let year = if year < 0 {
    format!("-{:04}", -year)
  } else {
    format!("{year:04}")
  };
  format!(
    "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
    MONTHS[(month - 1) as usize],
    in_day / 3600,
    in_day / 60 % 60,
    in_day % 60
  )
}

/// What `JSON.stringify(new Date(text))` gives for an `Expires` value: the
/// ISO string when `text` is a `toUTCString()` of a year the cookie code
/// writes (1900 on), `null` for `Invalid Date`, [`UNKNOWN`] for anything
/// else (V8's date parser is not ours to predict).
pub fn parse_back_date(text: &str) -> Value {
  if text == "Invalid Date" {
    return Value::Null;
  }
  match parse_utc_string(text) {
    Some(ms) => json!(iso_string(ms)),
    None => json!(UNKNOWN),
  }
}

fn parse_utc_string(text: &str) -> Option<i64> {
  let mut fields = text.split(' ');
  let weekday = fields.next()?;
  let day: i64 = fields.next()?.parse().ok()?;
  let month = fields.next()?;
  let year_text = fields.next()?;
  let time = fields.next()?;
  if fields.next() != Some("GMT") || fields.next().is_some() {
    return None;
  }
  if !WEEKDAYS.iter().any(|w| format!("{w},") == weekday) {
    return None;
  }
  let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
  if !year_text.bytes().all(|b| b.is_ascii_digit()) || year_text.len() < 4 {
    return None;
  }
  let year: i64 = year_text.parse().ok()?;
  if !(1900..=275_760).contains(&year) {
    return None;
  }
  let mut hms = time.split(':').map(|part| part.parse::<i64>().ok());
  let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
  let days = days_from_civil(year, month, day);
  Some((days * 86_400 + h * 3600 + m * 60 + s) * 1000)
}

/// `Date.prototype.toISOString` of a valid time value.
fn iso_string(ms: i64) -> String {
  let days = ms.div_euclid(MS_PER_DAY);
  let in_day = ms.rem_euclid(MS_PER_DAY);
  let (year, month, day) = civil_from_days(days);
  let year = if (0..=9999).contains(&year) {
    format!("{year:04}")
  } else if year < 0 {
    format!("-{:06}", -year)
  } else {
    format!("+{year:06}")
  };
  format!(
    "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
    in_day / 3_600_000,
    in_day / 60_000 % 60,
    in_day / 1000 % 60,
    in_day % 1000
  )
}

/// (year, month 1–12, day 1–31) of a day count from 1970-01-01, in the
/// proleptic Gregorian calendar (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
  let z = days + 719_468;
  let era = z.div_euclid(146_097);
  let doe = z.rem_euclid(146_097);
  let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  let day = doy - (153 * mp + 2) / 5 + 1;
  let month = if mp < 10 { mp + 3 } else { mp - 9 };
  let year = yoe + era * 400 + i64::from(month <= 2);
  (year, month, day)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
  let year = if month <= 2 { year - 1 } else { year };
  let era = year.div_euclid(400);
  let yoe = year.rem_euclid(400);
  let mp = if month > 2 { month - 3 } else { month + 9 };
  let doy = (153 * mp + 2) / 5 + day - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  era * 146_097 + doe - 719_468
}

/// What `JSON.stringify(Number(text))` gives for a `Max-Age` value: known
/// for the empty string and plain integers (what the cookie code writes),
/// [`UNKNOWN`] otherwise.
pub fn number(text: &str) -> Value {
  if text.is_empty() {
    return json!(0);
  }
  let digits = text.strip_prefix('-').unwrap_or(text);
  if digits.is_empty()
    || digits.len() > 15
    || !digits.bytes().all(|b| b.is_ascii_digit())
  {
    return json!(UNKNOWN);
  }
  text.parse::<i64>().map_or(json!(UNKNOWN), |n| json!(n))
}
