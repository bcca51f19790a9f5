//! Answering a request for a public file as next start does: `send`'s
//! headers (`Accept-Ranges`, `Cache-Control: public, max-age=0`,
//! `Last-Modified`, a weak `ETag` from size and mtime, `Content-Type`), 304,
//! 206, and, where Next means 405 / 400 / 412 / 416, the answer it actually
//! gives in an `app/` project: its error page fails to render and it ends
//! with `500 Internal Server Error`.

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method, Response, StatusCode};
use tokio::io::AsyncSeekExt;

use crate::body::PublicBody;
use crate::cond::{
  Validators, is_conditional, is_fresh, precondition_failed, range_is_fresh,
};
use crate::headers::joined;
use crate::open::open_inside;
use crate::range::{Ranges, is_bytes_range, parse};
use crate::scan::{PublicFile, Target};
use crate::{PublicError, dates};

/// The status next start meant to answer when it answered `500 Internal
/// Server Error` instead (its error page for that status failed to render):
/// `405` (a method other than GET/HEAD), `400` (a path `send` refuses, or a
/// file gone since the scan), `412` (`If-Match` / `If-Unmodified-Since`
/// failed) or `416` (unsatisfiable `Range`). Put in the response's
/// extensions, for a caller that wants to render its own page instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntendedStatus(pub StatusCode);

/// The body next start ends with when its error page fails.
const INTERNAL_ERROR: &str = "Internal Server Error";
/// The `ETag` Next's `generateEtags` gives that body (its FNV-1a hash in
/// base 36 followed by the length, 21, in base 36).
const INTERNAL_ERROR_ETAG: &str = "\"66fci67lppl\"";
/// `Cache-Control` of that answer.
const NO_STORE: &str =
  "private, no-cache, no-store, max-age=0, must-revalidate";

/// Response headers in the order Node sends them: setting a header again
/// keeps its place.
#[derive(Default)]
struct Headers(Vec<(&'static str, String)>);

impl Headers {
  fn set(&mut self, name: &'static str, value: impl Into<String>) {
    let value = value.into();
    match self.0.iter_mut().find(|(n, _)| *n == name) {
      Some(slot) => slot.1 = value,
      None => self.0.push((name, value)),
    }
  }

  fn has(&self, name: &str) -> bool {
    self.0.iter().any(|(n, _)| *n == name)
  }

  fn remove(&mut self, name: &str) {
    self.0.retain(|(n, _)| *n != name);
  }

  fn into_response(
    self,
    status: StatusCode,
    body: PublicBody,
  ) -> Result<Response<PublicBody>, PublicError> {
    let mut builder = Response::builder().status(status);
    for (name, value) in self.0 {
      builder = builder.header(
        HeaderName::from_static(name),
        HeaderValue::try_from(value).map_err(http::Error::from)?,
      );
    }
    Ok(builder.body(body)?)
  }
}

/// Next's answer when its error page for `intended` fails to render: the
/// headers set so far stay (in place), `Cache-Control` and (with ETags on)
/// `ETag` are replaced, `Content-Type` is `text/plain` unless `send` had
/// already set the file's, and the body is "Internal Server Error".
fn failed_error_page(
  mut headers: Headers,
  method: &Method,
  etags: bool,
  intended: StatusCode,
) -> Result<Response<PublicBody>, PublicError> {
  headers.set("cache-control", NO_STORE);
  if etags {
    headers.set("etag", INTERNAL_ERROR_ETAG);
  }
  if !headers.has("content-type") {
    headers.set("content-type", "text/plain");
  }
  headers.set("content-length", INTERNAL_ERROR.len().to_string());
  let body = if method == Method::HEAD {
    PublicBody::empty()
  } else {
    PublicBody::text(INTERNAL_ERROR)
  };
  let mut response =
    headers.into_response(StatusCode::INTERNAL_SERVER_ERROR, body)?;
  response.extensions_mut().insert(IntendedStatus(intended));
  Ok(response)
}

/// Answers `method` for `file` as next start does.
///
/// GET and HEAD: `Accept-Ranges: bytes`, `Cache-Control: public, max-age=0`,
/// `Last-Modified`, `ETag: W/"<size hex>-<mtime ms hex>"` (only when `etags`,
/// next.config's `generateEtags`, which Next does apply to public files),
/// `Content-Type`, `Content-Length`; 304 (without `Content-Type` and
/// `Content-Length`) for a fresh `If-None-Match` / `If-Modified-Since`; 206
/// with `Content-Range` for one satisfiable range (several ranges that do not
/// merge get the whole file, 200). Other methods, refused paths, failed
/// preconditions and unsatisfiable ranges get next start's `500 Internal
/// Server Error` answer, with an [`IntendedStatus`] extension.
///
/// The size and mtime are those of the open file at the time of the request
/// (as Next stats the file per request). `Vary: Accept-Encoding` and
/// compression are not added here: they are the compression layer's, which
/// next start applies to every answer.
pub async fn serve(
  file: &PublicFile,
  method: &Method,
  headers: &HeaderMap,
  etags: bool,
) -> Result<Response<PublicBody>, PublicError> {
  if method != Method::GET && method != Method::HEAD {
    let mut out = Headers::default();
    out.set("allow", "GET, HEAD");
    return failed_error_page(
      out,
      method,
      etags,
      StatusCode::METHOD_NOT_ALLOWED,
    );
  }
  let entry = match &file.target {
    Target::File(entry) => std::sync::Arc::clone(entry),
    Target::Refused => {
      return failed_error_page(
        Headers::default(),
        method,
        etags,
        StatusCode::BAD_REQUEST,
      );
    }
  };
  let opened = {
    let entry = std::sync::Arc::clone(&entry);
    tokio::task::spawn_blocking(move || open_inside(&entry))
      .await
      .map_err(|e| PublicError::Cancelled(e.to_string()))?
  };
  let (std_file, meta) = match opened {
    Ok(opened) => opened,
    Err(e) => {
      tracing::debug!(path = %entry.real.display(), error = %e, "public: cannot open");
      return failed_error_page(
        Headers::default(),
        method,
        etags,
        StatusCode::BAD_REQUEST,
      );
    }
  };
  let size = meta.len();
  let mtime = meta.modified().map_err(|source| PublicError::Io {
    path: entry.real.clone(),
    source,
  })?;
  let etag =
    etags.then(|| format!("W/\"{size:x}-{:x}\"", dates::millis(mtime)));
  let mut out = Headers::default();
  out.set("accept-ranges", "bytes");
  out.set("cache-control", "public, max-age=0");
  out.set("last-modified", dates::format(mtime));
  if let Some(etag) = &etag {
    out.set("etag", etag.clone());
  }
  out.set("content-type", entry.content_type.clone());

  let validators = Validators {
    etag: etag.as_deref(),
    last_modified_ms: dates::millis(mtime).div_euclid(1000) * 1000,
  };
  if is_conditional(headers) {
    if precondition_failed(headers, &validators) {
      return failed_error_page(
        out,
        method,
        etags,
        StatusCode::PRECONDITION_FAILED,
      );
    }
    if is_fresh(headers, &validators) {
      for name in [
        "content-encoding",
        "content-language",
        "content-length",
        "content-range",
        "content-type",
      ] {
        out.remove(name);
      }
      return out.into_response(StatusCode::NOT_MODIFIED, PublicBody::empty());
    }
  }

  let mut status = StatusCode::OK;
  let (mut start, mut len) = (0, size);
  if let Some(range) = joined(headers, "range").filter(|r| is_bytes_range(r)) {
    let ranges = if range_is_fresh(headers, &validators) {
      parse(size, &range)
    } else {
      Ranges::Ignored
    };
    match ranges {
      Ranges::Unsatisfiable => {
        out.set("content-range", format!("bytes */{size}"));
        return failed_error_page(
          out,
          method,
          etags,
          StatusCode::RANGE_NOT_SATISFIABLE,
        );
      }
      Ranges::Parts(parts) if parts.len() == 1 => {
        let (first, last) = parts[0];
        status = StatusCode::PARTIAL_CONTENT;
        out.set("content-range", format!("bytes {first}-{last}/{size}"));
        start = first;
        len = last - first + 1;
      }
      Ranges::Parts(_) | Ranges::Ignored => {}
    }
  }
  out.set("content-length", len.to_string());
  if method == Method::HEAD || len == 0 {
    return out.into_response(status, PublicBody::empty());
  }
  let mut file = tokio::fs::File::from_std(std_file);
  if start > 0 {
    file
      .seek(std::io::SeekFrom::Start(start))
      .await
      .map_err(|source| PublicError::Io {
        path: entry.real.clone(),
        source,
      })?;
  }
  out.into_response(status, PublicBody::file(file, len))
}
