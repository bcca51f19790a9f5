//! Which HTTP a connection speaks: over TLS, what ALPN chose; in clear
//! text, HTTP/2 with prior knowledge (h2c) when the client opens with
//! HTTP/2's connection preface, HTTP/1.1 otherwise. The bytes read to
//! tell are handed back to the protocol's parser ([`Rewind`]).

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};

/// What every HTTP/2 connection starts with (RFC 9113 §3.4).
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// The protocol of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
  Http1,
  Http2,
}

/// Reads from `io` until its first bytes are HTTP/2's preface or cannot
/// be; returns the protocol and `io` with those bytes put back.
pub(crate) async fn sniff<S: AsyncRead + Unpin>(
  mut io: S,
) -> std::io::Result<(Protocol, Rewind<S>)> {
  let mut seen = Vec::with_capacity(PREFACE.len());
  let mut buf = [0u8; 24];
  while seen.len() < PREFACE.len() && PREFACE.starts_with(&seen) {
    let want = PREFACE.len() - seen.len();
    let n = io.read(&mut buf[..want]).await?;
    if n == 0 {
      break;
    }
    seen.extend_from_slice(&buf[..n]);
  }
  let protocol = if seen == PREFACE {
    Protocol::Http2
  } else {
    Protocol::Http1
  };
  Ok((
    protocol,
    Rewind {
      prefix: seen,
      at: 0,
      io,
    },
  ))
}

/// `io` with bytes already read from it put back in front.
#[derive(Debug)]
pub(crate) struct Rewind<S> {
  prefix: Vec<u8>,
  at: usize,
  io: S,
}

impl<S> Rewind<S> {
  /// `io` with nothing put back.
  pub(crate) fn new(io: S) -> Self {
    Rewind {
      prefix: Vec::new(),
      at: 0,
      io,
    }
  }
}

impl<S: AsyncRead + Unpin> AsyncRead for Rewind<S> {
  fn poll_read(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
  ) -> Poll<std::io::Result<()>> {
    let this = self.get_mut();
    if this.at < this.prefix.len() {
      let rest = &this.prefix[this.at..];
      let n = rest.len().min(buf.remaining());
      buf.put_slice(&rest[..n]);
      this.at += n;
      if this.at == this.prefix.len() {
        this.prefix = Vec::new();
        this.at = 0;
      }
      return Poll::Ready(Ok(()));
    }
    Pin::new(&mut this.io).poll_read(cx, buf)
  }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Rewind<S> {
  fn poll_write(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    buf: &[u8],
  ) -> Poll<std::io::Result<usize>> {
    Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
  }

  fn poll_flush(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<std::io::Result<()>> {
    Pin::new(&mut self.get_mut().io).poll_flush(cx)
  }

  fn poll_shutdown(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<std::io::Result<()>> {
    Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
  }

  fn poll_write_vectored(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
    bufs: &[std::io::IoSlice<'_>],
  ) -> Poll<std::io::Result<usize>> {
    Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
  }

  fn is_write_vectored(&self) -> bool {
    self.io.is_write_vectored()
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use tokio::io::AsyncReadExt;

  async fn tell(bytes: &[u8]) -> (Protocol, Vec<u8>) {
    let (protocol, mut io) = sniff(bytes).await.expect("sniff");
    let mut back = Vec::new();
    io.read_to_end(&mut back).await.expect("read");
    (protocol, back)
  }

  #[tokio::test]
  async fn the_preface_means_http2_and_every_byte_is_handed_back() {
    let mut h2 = PREFACE.to_vec();
    h2.extend_from_slice(b"\x00\x00\x00\x04");
    assert_eq!(tell(&h2).await, (Protocol::Http2, h2.clone()));
    for h1 in [
      &b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"[..],
      b"PRI / HTTP/1.1\r\n\r\n",
      b"POST / HTTP/1.1\r\n\r\n",
      b"PR",
      b"",
    ] {
      assert_eq!(tell(h1).await, (Protocol::Http1, h1.to_vec()), "{h1:?}");
    }
  }
}
