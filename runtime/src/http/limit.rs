//! The request body limit (`--max-body-size`): a body that grows past it
//! fails to read, and the request is answered 413 instead of 500.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// Default limit: 10 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 10 * 1024 * 1024;

/// Why a body stopped: it was larger than the limit.
#[derive(Debug, thiserror::Error)]
#[error("request body exceeds the {limit}-byte limit")]
pub struct TooLarge {
  /// The limit in bytes.
  pub limit: u64,
}

/// A body that errors once more than `limit` bytes went through, and
/// raises `exceeded` so the server can answer 413.
pub struct LimitedBody<B> {
  inner: B,
  remaining: u64,
  limit: u64,
  exceeded: Arc<AtomicBool>,
}

impl<B> LimitedBody<B> {
  /// Wraps `inner`.
  pub fn new(inner: B, limit: u64, exceeded: Arc<AtomicBool>) -> Self {
    Self {
      inner,
      remaining: limit,
      limit,
      exceeded,
    }
  }
}

impl<B> Body for LimitedBody<B>
where
  B: Body<Data = Bytes> + Unpin,
  B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
  type Data = Bytes;
  type Error = Box<dyn std::error::Error + Send + Sync>;

  fn poll_frame(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
    let this = self.get_mut();
    match Pin::new(&mut this.inner).poll_frame(cx) {
      Poll::Ready(Some(Ok(frame))) => {
        if let Some(data) = frame.data_ref() {
          let len = data.len() as u64;
          if len > this.remaining {
            this.exceeded.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(Box::new(TooLarge {
              limit: this.limit,
            }))));
          }
          this.remaining -= len;
        }
        Poll::Ready(Some(Ok(frame)))
      }
      Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
      Poll::Ready(None) => Poll::Ready(None),
      Poll::Pending => Poll::Pending,
    }
  }

  fn is_end_stream(&self) -> bool {
    self.inner.is_end_stream()
  }

  fn size_hint(&self) -> SizeHint {
    self.inner.size_hint()
  }
}
