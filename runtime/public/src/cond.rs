//! Conditional requests, decided as Next's `send` (with the `fresh`
//! package) decides them: `If-Match` / `If-Unmodified-Since` failures
//! (Next's 412), `If-None-Match` / `If-Modified-Since` freshness (304), and
//! `If-Range`.

use http::HeaderMap;

use crate::dates;
use crate::headers::{first, joined};

/// The validators of the file being answered.
pub(crate) struct Validators<'a> {
  /// The `ETag` sent, if ETags are on.
  pub(crate) etag: Option<&'a str>,
  /// `Last-Modified` in milliseconds (whole seconds, as the header says).
  pub(crate) last_modified_ms: i128,
}

/// A comma-separated list, each item stripped of surrounding spaces.
fn tokens(list: &str) -> impl Iterator<Item = &str> {
  list
    .split(',')
    .map(|t| t.trim_matches(' '))
    .filter(|t| !t.is_empty())
}

/// Whether `token` names `etag`, weakly: equal, or equal but for one `W/`.
fn same_tag(token: &str, etag: &str) -> bool {
  token == etag
    || token.strip_prefix("W/") == Some(etag)
    || etag.strip_prefix("W/") == Some(token)
}

/// Whether the request carries any of the four conditional headers.
pub(crate) fn is_conditional(headers: &HeaderMap) -> bool {
  [
    "if-match",
    "if-unmodified-since",
    "if-none-match",
    "if-modified-since",
  ]
  .iter()
  .any(|name| joined(headers, name).is_some())
}

/// `If-Match` not met (without an ETag, with `generateEtags: false`, every
/// `If-Match`, even `*`, fails), or, without `If-Match`, a valid
/// `If-Unmodified-Since` older than the file.
pub(crate) fn precondition_failed(
  headers: &HeaderMap,
  v: &Validators<'_>,
) -> bool {
  if let Some(if_match) = joined(headers, "if-match") {
    let Some(etag) = v.etag else { return true };
    return if_match != "*" && !tokens(&if_match).any(|t| same_tag(t, etag));
  }
  match first(headers, "if-unmodified-since").and_then(|d| dates::parse(&d)) {
    Some(since) => v.last_modified_ms > since,
    None => false,
  }
}

/// Whether the client's copy is current (304). Both headers must agree when
/// both are sent; `Cache-Control: no-cache` forces a full answer.
pub(crate) fn is_fresh(headers: &HeaderMap, v: &Validators<'_>) -> bool {
  let since = first(headers, "if-modified-since");
  let none_match = joined(headers, "if-none-match");
  if since.is_none() && none_match.is_none() {
    return false;
  }
  if let Some(cc) = joined(headers, "cache-control")
    && cc.split(',').any(|d| d.trim() == "no-cache")
  {
    return false;
  }
  if let Some(list) = none_match.filter(|l| l != "*") {
    let Some(etag) = v.etag else { return false };
    if !tokens(&list).any(|t| same_tag(t, etag)) {
      return false;
    }
  }
  if let Some(since) = since {
    match dates::parse(&since) {
      Some(since) if v.last_modified_ms <= since => {}
      _ => return false,
    }
  }
  true
}

/// Whether a `Range` may be honoured: no `If-Range`, an `If-Range` holding a
/// `"` that contains the ETag as is (so a strong `"x"` never matches the weak
/// `W/"x"` Next sends), or a date not older than the file.
pub(crate) fn range_is_fresh(headers: &HeaderMap, v: &Validators<'_>) -> bool {
  let Some(if_range) = joined(headers, "if-range") else {
    return true;
  };
  if if_range.contains('"') {
    return v.etag.is_some_and(|etag| if_range.contains(etag));
  }
  dates::parse(&if_range).is_some_and(|date| v.last_modified_ms <= date)
}
