//! The request body's limits: its size (`--max-body-size`) and how long
//! the client may pause while sending it (`--body-timeout`), and whether
//! its framing held. A body that breaks one fails to read, and the request
//! is answered 413, 408 or 400 instead of the handler's 500: the client's
//! mistake, logged at debug.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// Default limit: 10 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 10 * 1024 * 1024;

/// Which limit a request body broke, if any; shared between the body (on
/// the isolate's thread) and the request that answers for it.
#[derive(Debug, Default)]
pub(crate) struct BodyFault(AtomicU8);

/// What [`BodyFault`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
  None,
  TooLarge,
  TimedOut,
  /// The client broke the framing (a bad chunk size, a truncated body).
  Malformed,
}

impl BodyFault {
  fn set(&self, fault: Fault) {
    let value = match fault {
      Fault::None => 0,
      Fault::TooLarge => 1,
      Fault::TimedOut => 2,
      Fault::Malformed => 3,
    };
    let _ =
      self
        .0
        .compare_exchange(0, value, Ordering::AcqRel, Ordering::Acquire);
  }

  /// The first limit broken.
  pub(crate) fn get(&self) -> Fault {
    match self.0.load(Ordering::Acquire) {
      1 => Fault::TooLarge,
      2 => Fault::TimedOut,
      3 => Fault::Malformed,
      _ => Fault::None,
    }
  }
}

/// Why a body stopped.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
  /// It was larger than the limit.
  #[error("request body exceeds the {0}-byte limit")]
  TooLarge(u64),
  /// The client sent nothing for this long.
  #[error("request body: nothing received for {} s", .0.as_secs_f64())]
  TimedOut(Duration),
}

/// A body that errors once more than `limit` bytes went through, or when
/// the client pauses longer than `pause` between parts, and notes which
/// in `fault`.
pub struct LimitedBody<B> {
  inner: B,
  remaining: u64,
  limit: u64,
  pause: Duration,
  /// Started when a frame is awaited, reset by each frame.
  wait: Option<Pin<Box<Sleep>>>,
  fault: Arc<BodyFault>,
}

impl<B> LimitedBody<B> {
  /// Wraps `inner`.
  pub(crate) fn new(
    inner: B,
    limit: u64,
    pause: Duration,
    fault: Arc<BodyFault>,
  ) -> Self {
    Self {
      inner,
      remaining: limit,
      limit,
      pause,
      wait: None,
      fault,
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
        this.wait = None;
        if let Some(data) = frame.data_ref() {
          let len = data.len() as u64;
          if len > this.remaining {
            this.fault.set(Fault::TooLarge);
            return Poll::Ready(Some(Err(Box::new(BodyError::TooLarge(
              this.limit,
            )))));
          }
          this.remaining -= len;
        }
        Poll::Ready(Some(Ok(frame)))
      }
      Poll::Ready(Some(Err(e))) => {
        this.fault.set(Fault::Malformed);
        Poll::Ready(Some(Err(e.into())))
      }
      Poll::Ready(None) => Poll::Ready(None),
      Poll::Pending => {
        let pause = this.pause;
        let wait = this
          .wait
          .get_or_insert_with(|| Box::pin(tokio::time::sleep(pause)));
        if wait.as_mut().poll(cx).is_ready() {
          this.wait = None;
          this.fault.set(Fault::TimedOut);
          return Poll::Ready(Some(Err(Box::new(BodyError::TimedOut(pause)))));
        }
        Poll::Pending
      }
    }
  }

  fn is_end_stream(&self) -> bool {
    self.inner.is_end_stream()
  }

  fn size_hint(&self) -> SizeHint {
    self.inner.size_hint()
  }
}
