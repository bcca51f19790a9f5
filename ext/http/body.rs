use std::borrow::Cow;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use bytes::Bytes;
use deno_core::{
  AsyncRefCell, AsyncResult, BufView, CancelFuture, CancelHandle, RcRef,
  Resource,
};
use deno_error::JsErrorBox;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use tokio::sync::mpsc;

use crate::client::ClientWatch;

/// A request body as it arrives (from the socket, or from an embedding
/// server's own body type), type-erased so the server can wrap it (limits,
/// decoding) before the isolate reads it. `Send` but not `Sync`, so that
/// any `Send` body fits (axum's is not `Sync`).
pub type IncomingBody = http_body_util::combinators::UnsyncBoxBody<
  Bytes,
  Box<dyn std::error::Error + Send + Sync>,
>;

/// Why a response stream ended early.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StreamError(pub String);

/// The body of a response produced by a handler.
#[derive(Debug)]
pub enum ResponseBody {
  /// No body at all (null body, HEAD, 204/304).
  Empty,
  /// A body known in full (string, bytes, JSON): sent with Content-Length.
  Full(Option<Bytes>),
  /// A body the handler streams; chunks arrive over a bounded channel.
  /// The watch, when set, tells the handler if the body is dropped before
  /// its end (the client went away).
  Stream(
    mpsc::Receiver<Result<Bytes, StreamError>>,
    Option<ClientWatch>,
  ),
  /// A body transformed by the server (compression, say).
  Boxed(http_body_util::combinators::UnsyncBoxBody<Bytes, StreamError>),
}

impl ResponseBody {
  /// A streamed body fed through `rx`.
  pub fn stream(rx: mpsc::Receiver<Result<Bytes, StreamError>>) -> Self {
    ResponseBody::Stream(rx, None)
  }

  /// Hands `watch` to a streamed body, which keeps it until the stream
  /// ends; for any other body the answer is complete, and the watch is
  /// finished at once.
  pub fn watch_client(&mut self, watch: ClientWatch) {
    match self {
      ResponseBody::Stream(_, slot) => *slot = Some(watch),
      _ => watch.finish(),
    }
  }
}

impl Body for ResponseBody {
  type Data = Bytes;
  type Error = StreamError;

  fn poll_frame(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, StreamError>>> {
    match self.get_mut() {
      ResponseBody::Empty => Poll::Ready(None),
      ResponseBody::Full(bytes) => {
        Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b))))
      }
      ResponseBody::Stream(rx, watch) => {
        let item = std::task::ready!(rx.poll_recv(cx));
        if !matches!(item, Some(Ok(_)))
          && let Some(watch) = watch.as_mut()
        {
          // The handler ended the stream (cleanly or with an error):
          // nothing left for a disconnect to cancel.
          watch.disarm();
        }
        Poll::Ready(item.map(|chunk| chunk.map(Frame::data)))
      }
      ResponseBody::Boxed(body) => Pin::new(body).poll_frame(cx),
    }
  }

  fn is_end_stream(&self) -> bool {
    match self {
      ResponseBody::Empty => true,
      ResponseBody::Full(bytes) => bytes.is_none(),
      ResponseBody::Stream(..) => false,
      ResponseBody::Boxed(body) => body.is_end_stream(),
    }
  }

  fn size_hint(&self) -> SizeHint {
    match self {
      ResponseBody::Empty => SizeHint::with_exact(0),
      ResponseBody::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
      ResponseBody::Full(None) => SizeHint::with_exact(0),
      ResponseBody::Stream(..) => SizeHint::default(),
      ResponseBody::Boxed(body) => body.size_hint(),
    }
  }
}

/// The request body as a resource JS reads through
/// `readableStreamForRid`.
pub struct RequestBodyResource {
  body: AsyncRefCell<(IncomingBody, Bytes)>,
  cancel: CancelHandle,
}

impl RequestBodyResource {
  /// Wraps a request body.
  pub fn new(body: IncomingBody) -> Self {
    Self {
      body: AsyncRefCell::new((body, Bytes::new())),
      cancel: CancelHandle::new(),
    }
  }

  async fn read_chunk(
    self: Rc<Self>,
    limit: usize,
  ) -> Result<BufView, JsErrorBox> {
    let mut guard = RcRef::map(&self, |r| &r.body).borrow_mut().await;
    let (body, rest) = &mut *guard;
    loop {
      if !rest.is_empty() {
        let n = limit.min(rest.len()).max(1);
        return Ok(BufView::from(rest.split_to(n)));
      }
      match body.frame().await {
        None => return Ok(BufView::from(Bytes::new())),
        Some(Err(e)) => return Err(JsErrorBox::generic(e.to_string())),
        Some(Ok(frame)) => {
          if let Ok(data) = frame.into_data() {
            *rest = data;
          }
        }
      }
    }
  }
}

impl Resource for RequestBodyResource {
  fn name(&self) -> Cow<'_, str> {
    "requestBody".into()
  }

  fn read(self: Rc<Self>, limit: usize) -> AsyncResult<BufView> {
    Box::pin(async move {
      let cancel = RcRef::map(&self, |r| &r.cancel);
      match self.clone().read_chunk(limit).or_cancel(cancel).await {
        Ok(result) => result,
        Err(_) => Err(JsErrorBox::generic("request body read was canceled")),
      }
    })
  }

  fn close(self: Rc<Self>) {
    self.cancel.cancel();
  }
}

/// The sending end of a streamed response body.
pub(crate) struct ResponseBodyResource {
  pub(crate) tx: mpsc::Sender<Result<Bytes, StreamError>>,
  /// Counts this stream as open in the isolate's `Inbox`.
  pub(crate) _open: std::sync::Arc<()>,
}

impl Resource for ResponseBodyResource {
  fn name(&self) -> Cow<'_, str> {
    "responseBody".into()
  }
}
