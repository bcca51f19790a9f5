//! Response compression, as `next start` does it by default (its
//! `compression` middleware): a compressible Content-Type gets `Vary:
//! Accept-Encoding`, and the body is gzip- or deflate-encoded when the
//! client accepts it, whatever its size. Streamed bodies are flushed chunk
//! by chunk, so compression never holds a token of an LLM stream back.
//! Brotli is used only for clients that accept neither gzip nor deflate
//! (Next.js never picks it; choosing it over gzip would change answers).

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use edgeroute_http::{ResponseBody, StreamError};
use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use http::header::{
  CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue,
  VARY,
};
use http::{HeaderMap, Response};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;

/// A content coding edgeroute can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
  /// `gzip`.
  Gzip,
  /// `deflate` (zlib-wrapped, as HTTP means it).
  Deflate,
  /// `br`.
  Brotli,
}

impl Encoding {
  fn token(self) -> &'static str {
    match self {
      Encoding::Gzip => "gzip",
      Encoding::Deflate => "deflate",
      Encoding::Brotli => "br",
    }
  }
}

/// Brotli quality for dynamic answers: fast enough to keep up with a
/// stream, still well ahead of gzip on text.
const BROTLI_QUALITY: u32 = 4;
const BROTLI_WINDOW: u32 = 22;
const BROTLI_BUFFER: usize = 4096;

/// Picks the coding for an `Accept-Encoding` value: the highest-q of gzip
/// and deflate (ties go to the client's order), else br; `None` when the
/// client accepts none of them.
pub fn negotiate(accept: &str) -> Option<Encoding> {
  let mut star: Option<f32> = None;
  // (q, position in the client's list) per coding.
  let mut offered: Vec<(Encoding, f32, usize)> = Vec::new();
  for (position, item) in accept.split(',').enumerate() {
    let mut parts = item.split(';');
    let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let q = parts
      .filter_map(|p| p.trim().strip_prefix("q="))
      .find_map(|q| q.trim().parse::<f32>().ok())
      .unwrap_or(1.0);
    let coding = match name.as_str() {
      "gzip" | "x-gzip" => Encoding::Gzip,
      "deflate" => Encoding::Deflate,
      "br" => Encoding::Brotli,
      "*" => {
        star = Some(q);
        continue;
      }
      _ => continue,
    };
    if !offered.iter().any(|(c, ..)| *c == coding) {
      offered.push((coding, q, position));
    }
  }
  if let Some(q) = star
    && !offered.iter().any(|(c, ..)| *c == Encoding::Gzip)
  {
    offered.push((Encoding::Gzip, q, usize::MAX));
  }
  let best = |candidates: &[Encoding]| {
    offered
      .iter()
      .filter(|(c, q, _)| candidates.contains(c) && *q > 0.0)
      .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)))
      .map(|(c, ..)| *c)
  };
  best(&[Encoding::Gzip, Encoding::Deflate])
    .or_else(|| best(&[Encoding::Brotli]))
}

/// Whether a Content-Type is worth compressing (text, JSON, JS, XML, SVG
/// and their `+json`/`+xml`/`+text` kin), as the `compressible` package
/// decides for `next start`.
pub fn is_compressible(content_type: &str) -> bool {
  let essence = content_type
    .split(';')
    .next()
    .unwrap_or_default()
    .trim()
    .to_ascii_lowercase();
  if essence.starts_with("text/")
    || essence.ends_with("+json")
    || essence.ends_with("+xml")
    || essence.ends_with("+text")
  {
    return true;
  }
  matches!(
    essence.as_str(),
    "application/json"
      | "application/javascript"
      | "application/x-javascript"
      | "application/ecmascript"
      | "application/xml"
      | "application/xhtml+xml"
      | "application/x-www-form-urlencoded"
      | "application/graphql"
      | "application/wasm"
      | "application/x-ndjson"
      | "application/vnd.api+json"
      | "image/svg+xml"
      | "image/x-icon"
      | "image/vnd.microsoft.icon"
      | "image/bmp"
      | "font/ttf"
      | "font/otf"
      | "application/x-font-ttf"
      | "application/vnd.ms-fontobject"
  )
}

/// Compresses `response` for a client that sent `accept` (its
/// `Accept-Encoding`, if any).
pub fn compress(
  mut response: Response<ResponseBody>,
  accept: Option<&HeaderValue>,
) -> Response<ResponseBody> {
  if matches!(response.body(), ResponseBody::Empty) {
    return response;
  }
  let headers = response.headers();
  let compressible = headers
    .get(CONTENT_TYPE)
    .and_then(|v| v.to_str().ok())
    .is_some_and(is_compressible);
  if !compressible {
    return response;
  }
  add_vary(response.headers_mut());
  let headers = response.headers();
  let no_transform = headers
    .get_all(CACHE_CONTROL)
    .iter()
    .filter_map(|v| v.to_str().ok())
    .any(|v| v.to_ascii_lowercase().contains("no-transform"));
  if no_transform || headers.contains_key(CONTENT_ENCODING) {
    return response;
  }
  let Some(encoding) = accept.and_then(|v| v.to_str().ok()).and_then(negotiate)
  else {
    return response;
  };
  let body = std::mem::replace(response.body_mut(), ResponseBody::Empty);
  let body = match body {
    ResponseBody::Full(Some(bytes)) => {
      match Encoder::new(encoding).encode_all(&bytes) {
        Ok(encoded) => ResponseBody::Full(Some(encoded)),
        Err(error) => {
          tracing::warn!("compression failed, sending identity: {error}");
          *response.body_mut() = ResponseBody::Full(Some(bytes));
          return response;
        }
      }
    }
    other => ResponseBody::Boxed(
      CompressedBody {
        inner: other,
        encoder: Some(Encoder::new(encoding)),
      }
      .boxed_unsync(),
    ),
  };
  *response.body_mut() = body;
  let headers = response.headers_mut();
  headers.remove(CONTENT_LENGTH);
  headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
  response
}

/// Appends `Accept-Encoding` to `Vary` unless it is there (or `*`).
fn add_vary(headers: &mut HeaderMap) {
  let present = headers
    .get_all(VARY)
    .iter()
    .filter_map(|v| v.to_str().ok())
    .flat_map(|v| v.split(','))
    .any(|v| {
      let v = v.trim();
      v == "*" || v.eq_ignore_ascii_case("accept-encoding")
    });
  if present {
    return;
  }
  let value = match headers.get(VARY).and_then(|v| v.to_str().ok()) {
    Some(existing) if !existing.trim().is_empty() => {
      format!("{existing}, Accept-Encoding")
    }
    _ => "Accept-Encoding".to_owned(),
  };
  if let Ok(value) = HeaderValue::from_str(&value) {
    headers.insert(VARY, value);
  }
}

/// A streaming encoder that hands out what it has after every chunk.
enum Encoder {
  Gzip(GzEncoder<Vec<u8>>),
  Deflate(ZlibEncoder<Vec<u8>>),
  Brotli(Box<brotli::CompressorWriter<Vec<u8>>>),
}

impl Encoder {
  fn new(encoding: Encoding) -> Self {
    match encoding {
      Encoding::Gzip => {
        Encoder::Gzip(GzEncoder::new(Vec::new(), Compression::default()))
      }
      Encoding::Deflate => {
        Encoder::Deflate(ZlibEncoder::new(Vec::new(), Compression::default()))
      }
      Encoding::Brotli => {
        Encoder::Brotli(Box::new(brotli::CompressorWriter::new(
          Vec::new(),
          BROTLI_BUFFER,
          BROTLI_QUALITY,
          BROTLI_WINDOW,
        )))
      }
    }
  }

  /// Compresses `data` and flushes, returning every byte produced so far:
  /// the client can decode all of `data` from what it has received.
  fn push(&mut self, data: &[u8]) -> std::io::Result<Bytes> {
    let out = match self {
      Encoder::Gzip(e) => {
        e.write_all(data)?;
        e.flush()?;
        e.get_mut()
      }
      Encoder::Deflate(e) => {
        e.write_all(data)?;
        e.flush()?;
        e.get_mut()
      }
      Encoder::Brotli(e) => {
        e.write_all(data)?;
        e.flush()?;
        e.get_mut()
      }
    };
    Ok(Bytes::from(std::mem::take(out)))
  }

  /// Ends the stream, returning the last bytes.
  fn finish(self) -> std::io::Result<Bytes> {
    let out = match self {
      Encoder::Gzip(e) => e.finish()?,
      Encoder::Deflate(e) => e.finish()?,
      Encoder::Brotli(e) => e.into_inner(),
    };
    Ok(Bytes::from(out))
  }

  fn encode_all(mut self, data: &[u8]) -> std::io::Result<Bytes> {
    match &mut self {
      Encoder::Gzip(e) => e.write_all(data)?,
      Encoder::Deflate(e) => e.write_all(data)?,
      Encoder::Brotli(e) => e.write_all(data)?,
    }
    self.finish()
  }
}

/// A streamed body compressed on the fly.
struct CompressedBody {
  inner: ResponseBody,
  /// `None` once the trailer is out.
  encoder: Option<Encoder>,
}

impl Body for CompressedBody {
  type Data = Bytes;
  type Error = StreamError;

  fn poll_frame(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, StreamError>>> {
    let this = self.get_mut();
    loop {
      let Some(encoder) = this.encoder.as_mut() else {
        return Poll::Ready(None);
      };
      match std::task::ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
        Some(Ok(frame)) => {
          let Ok(data) = frame.into_data() else {
            continue;
          };
          if data.is_empty() {
            continue;
          }
          return Poll::Ready(Some(
            encoder
              .push(&data)
              .map(Frame::data)
              .map_err(|e| StreamError(format!("compression failed: {e}"))),
          ));
        }
        Some(Err(error)) => {
          this.encoder = None;
          return Poll::Ready(Some(Err(error)));
        }
        None => {
          let Some(encoder) = this.encoder.take() else {
            return Poll::Ready(None);
          };
          return Poll::Ready(Some(
            encoder
              .finish()
              .map(Frame::data)
              .map_err(|e| StreamError(format!("compression failed: {e}"))),
          ));
        }
      }
    }
  }

  fn is_end_stream(&self) -> bool {
    self.encoder.is_none()
  }

  fn size_hint(&self) -> SizeHint {
    SizeHint::default()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn negotiation_follows_next_start() {
    assert_eq!(negotiate("gzip, deflate, br"), Some(Encoding::Gzip));
    assert_eq!(negotiate("br, gzip"), Some(Encoding::Gzip));
    assert_eq!(negotiate("deflate, gzip"), Some(Encoding::Deflate));
    assert_eq!(negotiate("gzip;q=0.5, deflate"), Some(Encoding::Deflate));
    assert_eq!(negotiate("br"), Some(Encoding::Brotli));
    assert_eq!(negotiate("gzip;q=0, br"), Some(Encoding::Brotli));
    assert_eq!(negotiate("*"), Some(Encoding::Gzip));
    assert_eq!(negotiate("identity"), None);
    assert_eq!(negotiate(""), None);
  }

  #[test]
  fn compressible_types() {
    assert!(is_compressible("application/json"));
    assert!(is_compressible("text/plain;charset=UTF-8"));
    assert!(is_compressible("text/event-stream"));
    assert!(is_compressible("application/ld+json; charset=utf-8"));
    assert!(!is_compressible("image/png"));
    assert!(!is_compressible("application/octet-stream"));
  }
}
