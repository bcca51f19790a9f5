//! Objects with JavaScript's key order (params, parsed queries) and the query-string codecs
//! Next uses around them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A param or query value: one string, or several (repeated query keys, `:name*` segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
  /// A single value.
  One(String),
  /// Several values.
  Many(Vec<String>),
}

impl Val {
  /// The last value (what Next matches a `has` regex against for repeated query keys).
  pub(crate) fn last(&self) -> Option<&str> {
    match self {
      Val::One(s) => Some(s),
      Val::Many(v) => v.last().map(String::as_str),
    }
  }
  /// JavaScript truthiness: an empty string is false, an array is always true.
  pub(crate) fn truthy(&self) -> bool {
    match self {
      Val::One(s) => !s.is_empty(),
      Val::Many(_) => true,
    }
  }
}

/// A map that keeps keys in the order a JS object would list them: array-index keys first in
/// ascending order, then the others in insertion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsMap<V> {
  entries: Vec<(String, V)>,
}

impl<V> Default for JsMap<V> {
  fn default() -> Self {
    JsMap {
      entries: Vec::new(),
    }
  }
}

fn array_index(k: &str) -> Option<u32> {
  if k.is_empty()
    || (k.len() > 1 && k.starts_with('0'))
    || !k.bytes().all(|b| b.is_ascii_digit())
  {
    return None;
  }
  k.parse::<u64>()
    .ok()
    .filter(|&n| n < u64::from(u32::MAX))
    .map(|n| n as u32)
}

impl<V> JsMap<V> {
  /// An empty map.
  pub(crate) fn new() -> Self {
    JsMap {
      entries: Vec::new(),
    }
  }
  /// Sets a key, keeping its place when it exists.
  pub(crate) fn insert(&mut self, key: String, value: V) {
    if let Some(e) = self.entries.iter_mut().find(|(k, _)| *k == key) {
      e.1 = value;
      return;
    }
    if let Some(n) = array_index(&key) {
      let at = self
        .entries
        .iter()
        .position(|(k, _)| array_index(k).is_none_or(|m| m > n))
        .unwrap_or(self.entries.len());
      self.entries.insert(at, (key, value));
    } else {
      self.entries.push((key, value));
    }
  }
  /// The value under a key.
  pub(crate) fn get(&self, key: &str) -> Option<&V> {
    self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
  }
  /// Whether the key is present.
  pub(crate) fn contains(&self, key: &str) -> bool {
    self.get(key).is_some()
  }
  /// Keys in order.
  pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
    self.entries.iter().map(|(k, _)| k.as_str())
  }
  /// Entries in order.
  pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
    self.entries.iter().map(|(k, v)| (k.as_str(), v))
  }
  /// Number of keys.
  pub(crate) fn len(&self) -> usize {
    self.entries.len()
  }
}

impl<V: Clone> JsMap<V> {
  /// `Object.assign(self, other)`.
  pub(crate) fn assign(&mut self, other: &JsMap<V>) {
    for (k, v) in other.iter() {
      self.insert(k.to_string(), v.clone());
    }
  }
}

/// Parses a raw query string as `URLSearchParams` then Next's `searchParamsToUrlQuery`.
pub(crate) fn parse_query(raw: &str) -> JsMap<Val> {
  let mut q: JsMap<Val> = JsMap::new();
  for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
    let (k, v) = (k.into_owned(), v.into_owned());
    let next = match q.get(&k) {
      None => Val::One(v),
      Some(Val::One(a)) => Val::Many(vec![a.clone(), v]),
      Some(Val::Many(list)) => {
        let mut l = list.clone();
        l.push(v);
        Val::Many(l)
      }
    };
    q.insert(k, next);
  }
  q
}

/// The characters `encodeURIComponent` leaves alone: A-Z a-z 0-9 - _ . ! ~ * ' ( ).
pub(crate) const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
  .remove(b'-')
  .remove(b'_')
  .remove(b'.')
  .remove(b'!')
  .remove(b'~')
  .remove(b'*')
  .remove(b'\'')
  .remove(b'(')
  .remove(b')');

/// JavaScript's `encodeURIComponent`.
pub(crate) fn encode_uri_component(s: &str) -> String {
  utf8_percent_encode(s, URI_COMPONENT).to_string()
}

/// Next's `stringifyQuery`: Node's `querystring.stringify`, where only keys and values that occur
/// in the request's own query are percent-encoded; everything else is written raw.
pub(crate) fn stringify_query(
  query: &JsMap<Val>,
  initial: &JsMap<Val>,
) -> String {
  let in_initial = |s: &str| {
    initial.contains(s)
      || initial.iter().any(|(_, v)| match v {
        Val::One(x) => x == s,
        Val::Many(l) => l.iter().any(|x| x == s),
      })
  };
  let enc = |s: &str| {
    if in_initial(s) {
      encode_uri_component(s)
    } else {
      s.to_string()
    }
  };
  let mut out = String::new();
  for (k, v) in query.iter() {
    let ks = format!("{}=", enc(k));
    match v {
      Val::Many(list) => {
        if list.is_empty() {
          continue;
        }
        if !out.is_empty() {
          out.push('&');
        }
        for (i, x) in list.iter().enumerate() {
          if i > 0 {
            out.push('&');
          }
          out.push_str(&ks);
          out.push_str(&enc(x));
        }
      }
      Val::One(x) => {
        if !out.is_empty() {
          out.push('&');
        }
        out.push_str(&ks);
        out.push_str(&enc(x));
      }
    }
  }
  out
}

/// Flattens a query into `(key, value)` pairs, repeated keys once per value.
pub(crate) fn pairs(query: &JsMap<Val>) -> Vec<(String, String)> {
  let mut out = Vec::new();
  for (k, v) in query.iter() {
    match v {
      Val::One(x) => out.push((k.to_string(), x.clone())),
      Val::Many(l) => out.extend(l.iter().map(|x| (k.to_string(), x.clone()))),
    }
  }
  out
}
