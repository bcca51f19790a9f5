//! The response body: nothing, a fixed text, or a byte range of an open file
//! read in chunks as the client takes them (never the whole file at once).

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

/// How much is read from the file per chunk (Node's `createReadStream`
/// reads 64 KiB at a time too).
pub const CHUNK_SIZE: usize = 64 * 1024;

enum Kind {
  Empty,
  Text(Option<Bytes>),
  File {
    file: tokio::fs::File,
    remaining: u64,
    buf: Vec<u8>,
  },
}

/// A public file's body: `http_body::Body<Data = Bytes, Error = io::Error>`;
/// empty for HEAD and 304, streamed from the file otherwise.
pub struct PublicBody {
  kind: Kind,
}

impl std::fmt::Debug for PublicBody {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    let kind = match &self.kind {
      Kind::Empty => "empty".to_owned(),
      Kind::Text(t) => {
        format!("text ({} bytes left)", t.as_ref().map_or(0, Bytes::len))
      }
      Kind::File { remaining, .. } => format!("file ({remaining} bytes left)"),
    };
    f.debug_struct("PublicBody").field("kind", &kind).finish()
  }
}

impl PublicBody {
  /// No body.
  pub(crate) fn empty() -> Self {
    PublicBody { kind: Kind::Empty }
  }

  /// A fixed text.
  pub(crate) fn text(text: &'static str) -> Self {
    PublicBody {
      kind: Kind::Text(Some(Bytes::from_static(text.as_bytes()))),
    }
  }

  /// `len` bytes of `file`, from where it is positioned.
  pub(crate) fn file(file: tokio::fs::File, len: u64) -> Self {
    if len == 0 {
      return Self::empty();
    }
    PublicBody {
      kind: Kind::File {
        file,
        remaining: len,
        buf: Vec::new(),
      },
    }
  }
}

impl Body for PublicBody {
  type Data = Bytes;
  type Error = std::io::Error;

  fn poll_frame(
    mut self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
    match &mut self.kind {
      Kind::Empty => Poll::Ready(None),
      Kind::Text(text) => Poll::Ready(text.take().map(|t| Ok(Frame::data(t)))),
      Kind::File {
        file,
        remaining,
        buf,
      } => {
        if *remaining == 0 {
          return Poll::Ready(None);
        }
        let want =
          usize::try_from(*remaining).map_or(CHUNK_SIZE, |r| r.min(CHUNK_SIZE));
        if buf.len() != want {
          buf.resize(want, 0);
        }
        let mut read_buf = ReadBuf::new(buf);
        ready!(Pin::new(file).poll_read(cx, &mut read_buf))?;
        let n = read_buf.filled().len();
        if n == 0 {
          // The file shrank since it was measured: the body cannot
          // reach its Content-Length.
          *remaining = 0;
          return Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "public file shorter than when it was opened",
          ))));
        }
        let chunk = Bytes::copy_from_slice(&buf[..n]);
        *remaining -= n as u64;
        if *remaining == 0 {
          *buf = Vec::new();
        }
        Poll::Ready(Some(Ok(Frame::data(chunk))))
      }
    }
  }

  fn is_end_stream(&self) -> bool {
    match &self.kind {
      Kind::Empty => true,
      Kind::Text(t) => t.is_none(),
      Kind::File { remaining, .. } => *remaining == 0,
    }
  }

  fn size_hint(&self) -> SizeHint {
    match &self.kind {
      Kind::Empty => SizeHint::with_exact(0),
      Kind::Text(t) => {
        SizeHint::with_exact(t.as_ref().map_or(0, |t| t.len() as u64))
      }
      Kind::File { remaining, .. } => SizeHint::with_exact(*remaining),
    }
  }
}
