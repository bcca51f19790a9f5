//! Destinations: params substituted into a rewrite's or redirect's destination, into header
//! keys and values, queries merged; the way Next's prepare-destination does it.

use crate::query::{JsMap, Val, encode_uri_component};
use crate::safe::safe_compile;

const ESC: &str = "__ESC_COLON_";

fn unescape_segments(s: &str) -> String {
  // case-insensitive, since a URL parser lowercases escaped hostnames
  let lower = s.to_ascii_lowercase();
  let needle = ESC.to_ascii_lowercase();
  let mut out = String::with_capacity(s.len());
  let mut i = 0;
  while let Some(at) = lower[i..].find(&needle) {
    out.push_str(&s[i..i + at]);
    out.push(':');
    i += at + needle.len();
  }
  out.push_str(&s[i..]);
  out
}

fn is_word(c: char) -> bool {
  c.is_ascii_alphanumeric() || c == '_'
}

/// Next's `compileNonPath`: `:name` (and `:name*`, `:name?`, `:name+`) replaced by params in a
/// string that is not a path (header keys and values, query values).
pub(crate) fn compile_non_path(
  value: &str,
  params: &JsMap<Val>,
) -> Result<String, String> {
  if !value.contains(':') {
    return Ok(value.to_string());
  }
  let mut v = value.to_string();
  for key in params.keys() {
    let pat = format!(":{key}");
    if !v.contains(&pat) {
      continue;
    }
    v = v.replace(
      &format!(":{key}*"),
      &format!(":{key}--ESCAPED_PARAM_ASTERISKS"),
    );
    v = v.replace(
      &format!(":{key}?"),
      &format!(":{key}--ESCAPED_PARAM_QUESTION"),
    );
    v = v.replace(&format!(":{key}+"), &format!(":{key}--ESCAPED_PARAM_PLUS"));
    // `:key` not followed by a word character
    let mut out = String::with_capacity(v.len());
    let mut rest = v.as_str();
    while let Some(at) = rest.find(&pat) {
      let after = &rest[at + pat.len()..];
      out.push_str(&rest[..at]);
      if after.chars().next().is_some_and(is_word) {
        out.push_str(&pat);
      } else {
        out.push_str("--ESCAPED_PARAM_COLON");
        out.push_str(key);
      }
      rest = after;
    }
    out.push_str(rest);
    v = out;
  }
  let mut escaped = String::with_capacity(v.len());
  for c in v.chars() {
    if ":*?+(){}".contains(c) {
      escaped.push('\\');
    }
    escaped.push(c);
  }
  let v = escaped
    .replace("--ESCAPED_PARAM_PLUS", "+")
    .replace("--ESCAPED_PARAM_COLON", ":")
    .replace("--ESCAPED_PARAM_QUESTION", "?")
    .replace("--ESCAPED_PARAM_ASTERISKS", "*");
  let filled = safe_compile(&format!("/{v}"), params, &|s| s.to_string())?;
  Ok(filled.get(1..).unwrap_or("").to_string())
}

/// A destination with params applied.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
  /// `https:` and the like for external destinations.
  pub(crate) protocol: Option<String>,
  /// `user:pass` when the destination has credentials.
  pub(crate) auth: Option<String>,
  pub(crate) hostname: Option<String>,
  pub(crate) port: Option<String>,
  pub(crate) pathname: String,
  /// With its `#`, or empty.
  pub(crate) hash: String,
  /// The request's query, then the destination's (and for rewrites, unused params).
  pub(crate) query: JsMap<Val>,
}

struct Parsed {
  protocol: Option<String>,
  auth: Option<String>,
  hostname: Option<String>,
  port: Option<String>,
  pathname: String,
  hash: String,
  query: JsMap<Val>,
}

fn parse_destination(
  destination: &str,
  params: &JsMap<Val>,
  query: &JsMap<Val>,
) -> Result<Parsed, String> {
  let mut escaped = destination.to_string();
  let mut all = params.clone();
  for (k, v) in query.iter() {
    if !all.contains(k) {
      all.insert(k.to_string(), v.clone());
    }
  }
  for key in all.keys() {
    if key.is_empty() {
      continue;
    }
    escaped = escaped.replace(&format!(":{key}"), &format!("{ESC}{key}"));
  }
  let relative = escaped.starts_with('/');
  let url = if relative {
    url::Url::parse(&format!("http://n{escaped}"))
  } else {
    url::Url::parse(&escaped)
  }
  .map_err(|e| format!("Invalid URL {destination}: {e}"))?;
  let mut q = JsMap::new();
  if url.query().is_some() {
    q = crate::query::parse_query(url.query().unwrap_or(""));
  }
  let hash = url.fragment().map(|f| format!("#{f}")).unwrap_or_default();
  let (protocol, auth, hostname, port) = if relative {
    (None, None, None, None)
  } else {
    let auth = match (url.username(), url.password()) {
      ("", _) => None,
      (u, Some(p)) => Some(format!("{u}:{p}")),
      (u, None) => Some(u.to_string()),
    };
    let host = url
      .host_str()
      .filter(|h| !h.is_empty())
      .map(unescape_segments);
    (
      Some(format!("{}:", url.scheme())),
      auth,
      host,
      url.port().map(|p| p.to_string()),
    )
  };
  Ok(Parsed {
    protocol,
    auth,
    hostname,
    port,
    pathname: unescape_segments(url.path()),
    hash: unescape_segments(&hash),
    query: q,
  })
}

/// Next's `prepareDestination`.
pub(crate) fn prepare(
  destination: &str,
  params: &JsMap<Val>,
  query: &JsMap<Val>,
  append_params: bool,
) -> Result<Prepared, String> {
  let parsed = parse_destination(destination, params, query)?;
  let dest_path = format!("{}{}", parsed.pathname, parsed.hash);
  let mut dest_params = crate::safe::safe_key_names(&dest_path)?;
  if let Some(h) = &parsed.hostname {
    dest_params.extend(crate::safe::safe_key_names(h)?);
  }
  let mut dest_query: JsMap<Val> = JsMap::new();
  for (k, v) in parsed.query.iter() {
    let nv = match v {
      Val::One(s) => Val::One(compile_non_path(&unescape_segments(s), params)?),
      Val::Many(l) => Val::Many(
        l.iter()
          .map(|s| compile_non_path(&unescape_segments(s), params))
          .collect::<Result<_, _>>()?,
      ),
    };
    dest_query.insert(k.to_string(), nv);
  }
  let keys: Vec<&str> = params
    .keys()
    .filter(|k| *k != "nextInternalLocale")
    .collect();
  if append_params && !keys.iter().any(|k| dest_params.iter().any(|d| d == k)) {
    for k in keys {
      if !dest_query.contains(k)
        && let Some(v) = params.get(k)
      {
        dest_query.insert(k.to_string(), v.clone());
      }
    }
  }
  let new_url = safe_compile(&dest_path, params, &|s| s.to_string()).map_err(|e| {
        if e.contains("to not repeat, but got an array") {
            "To use a multi-match in the destination you must add `*` at the end of the param name to signify it should repeat. https://nextjs.org/docs/messages/invalid-multi-match".to_string()
        } else {
            e
        }
    })?;
  let mut parts = new_url.split('#');
  let pathname = parts.next().unwrap_or("").to_string();
  let hash = parts
    .next()
    .filter(|h| !h.is_empty())
    .map(|h| format!("#{h}"))
    .unwrap_or_default();
  let hostname = match &parsed.hostname {
    Some(h) => Some(safe_compile(h, params, &encode_uri_component)?),
    None => None,
  };
  let mut merged = query.clone();
  merged.assign(&dest_query);
  Ok(Prepared {
    protocol: parsed.protocol,
    auth: parsed.auth,
    hostname,
    port: parsed.port,
    pathname,
    hash,
    query: merged,
  })
}

/// Node's legacy `url.format` of a prepared destination whose `search` is already stringified
/// (without `?`).
pub(crate) fn format_url(p: &Prepared, pathname: &str, search: &str) -> String {
  let mut out = String::new();
  let mut host = String::new();
  if let Some(h) = &p.hostname {
    if let Some(a) = &p.auth {
      host.push_str(a);
      host.push('@');
    }
    if h.contains(':') && !h.starts_with('[') {
      host.push_str(&format!("[{h}]"));
    } else {
      host.push_str(h);
    }
    if let Some(port) = &p.port {
      host.push(':');
      host.push_str(port);
    }
  }
  let mut path = pathname.replace('?', "%3F").replace('#', "%23");
  if let Some(proto) = &p.protocol {
    out.push_str(proto);
    if !host.is_empty()
      || ["http:", "https:", "ftp:", "gopher:", "file:", "ws:", "wss:"]
        .contains(&proto.as_str())
    {
      if !path.is_empty() && !path.starts_with('/') {
        path.insert(0, '/');
      }
      out.push_str("//");
    }
  }
  out.push_str(&host);
  out.push_str(&path);
  if !search.is_empty() {
    out.push('?');
    out.push_str(&search.replace('#', "%23"));
  }
  out.push_str(&p.hash);
  out
}
