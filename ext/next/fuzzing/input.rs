//! Fuzz bytes -> a `Cookie` header and a cookie to set. Text fields are
//! separated by 0xFF; each other byte picks a character from [`ALPHABET`]
//! (the cookie grammar's delimiters, escapes, whitespace, characters the
//! `Headers` checks refuse, Latin-1 and wider characters), so mutations
//! stay meaningful.

use serde_json::{Map, Value, json};

const ALPHABET: &[char] = &[
  'a', 'b', 'c', 'x', 'A', 'Z', '0', '1', '2', '3', '7', '8', '9', 'B', 'C',
  'D', 'E', 'F', 'd', 'e', 'f', '=', ';', ' ', '%', '-', '_', '.', '!', '~',
  '*', '\'', '(', ')', ',', '"', '\t', '\\', '/', '+', '&', '?', '#', ':',
  '\0', '\r', '\n', '\u{7f}', 'é', 'ÿ', 'À', '×', 'Ā', '€', 'İ', 'ß', 'Σ',
  '😀', 'S', 's', 'L', 'l', 'H', 'N',
];

/// A cookie as `response.cookies.set(name, value, options)` gets it.
#[derive(Debug, Clone, Default)]
pub struct FuzzCookie {
  /// Its name.
  pub name: String,
  /// Its value.
  pub value: String,
  /// `path`.
  pub path: Option<String>,
  /// `domain`.
  pub domain: Option<String>,
  /// `maxAge`, in seconds.
  pub max_age: Option<i32>,
  /// `expires`, in ms from the epoch.
  pub expires: Option<i64>,
  /// `secure`.
  pub secure: bool,
  /// `httpOnly`.
  pub http_only: bool,
  /// `partitioned`.
  pub partitioned: bool,
  /// `sameSite`, any string.
  pub same_site: Option<String>,
  /// `priority`, any string.
  pub priority: Option<String>,
}

/// One fuzz case.
#[derive(Debug, Clone, Default)]
pub struct FuzzInput {
  /// The request's `Cookie` header.
  pub header: String,
  /// The cookie the response sets.
  pub cookie: FuzzCookie,
}

impl FuzzInput {
  /// The case `data` stands for: text fields (header, name, value, path,
  /// domain, sameSite, priority) split on 0xFF, then flags and numbers.
  pub fn from_bytes(data: &[u8]) -> FuzzInput {
    let mut fields = data.split(|&b| b == 0xFF);
    let mut text = || {
      fields
        .next()
        .unwrap_or_default()
        .iter()
        .map(|&b| ALPHABET[usize::from(b) % ALPHABET.len()])
        .collect::<String>()
    };
    let header = text();
    let name = text();
    let value = text();
    let path = text();
    let domain = text();
    let same_site = text();
    let priority = text();
    let tail: Vec<u8> = fields.flatten().copied().collect();
    let byte = |i: usize| tail.get(i).copied().unwrap_or(0);
    let flags = byte(0);
    let bit = |n: u8| flags & (1 << n) != 0;
    let max_age = i32::from_le_bytes([byte(1), byte(2), byte(3), byte(4)]);
    let expires = u64::from_le_bytes(std::array::from_fn(|i| byte(5 + i)));
    // Up to a little past the last valid date (8.64e15), and the epoch.
    let expires = (expires % 8_650_000_000_000_001) as i64;
    FuzzInput {
      header,
      cookie: FuzzCookie {
        name,
        value,
        path: bit(0).then_some(path),
        domain: bit(1).then_some(domain),
        max_age: bit(2).then_some(max_age),
        expires: bit(3).then_some(expires),
        secure: bit(4),
        http_only: bit(5),
        partitioned: bit(6),
        same_site: bit(7).then_some(same_site),
        priority: (byte(13) & 1 != 0).then_some(priority),
      },
    }
  }

  /// The case as the harness reads it.
  pub fn to_json(&self) -> String {
    let c = &self.cookie;
    let mut options = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
      if let Some(value) = value {
        options.insert(key.to_owned(), value);
      }
    };
    put("path", c.path.as_ref().map(|v| json!(v)));
    put("domain", c.domain.as_ref().map(|v| json!(v)));
    put("maxAge", c.max_age.map(|v| json!(v)));
    put("expires", c.expires.map(|v| json!(v)));
    put("secure", c.secure.then_some(json!(true)));
    put("httpOnly", c.http_only.then_some(json!(true)));
    put("partitioned", c.partitioned.then_some(json!(true)));
    put("sameSite", c.same_site.as_ref().map(|v| json!(v)));
    put("priority", c.priority.as_ref().map(|v| json!(v)));
    json!({
      "header": self.header,
      "name": c.name,
      "value": c.value,
      "options": options,
    })
    .to_string()
  }
}
