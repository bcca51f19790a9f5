//! Which HTTP a connection speaks: over TLS, what ALPN chose; in clear
//! text, HTTP/2 with prior knowledge (h2c) when the client opens with
//! HTTP/2's connection preface, HTTP/1.1 otherwise. The bytes read to
//! tell are handed back to the protocol's parser by the connection's
//! reader (`conn.rs`'s `Tracked`).

use tokio::io::{AsyncRead, AsyncReadExt};

/// What every HTTP/2 connection starts with (RFC 9113 §3.4).
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// The protocol of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
  Http1,
  Http2,
}

/// Reads from `io` until its first bytes are HTTP/2's preface or cannot
/// be; returns the protocol and the bytes read, which the parser must see
/// first.
pub(crate) async fn sniff<S: AsyncRead + Unpin>(
  io: &mut S,
) -> std::io::Result<(Protocol, Vec<u8>)> {
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
  Ok((protocol, seen))
}

#[cfg(test)]
mod tests {
  use super::*;

  async fn tell(mut bytes: &[u8]) -> (Protocol, Vec<u8>) {
    let (protocol, mut seen) = sniff(&mut bytes).await.expect("sniff");
    // What was read, then what is left: every byte, in order.
    seen.extend_from_slice(bytes);
    (protocol, seen)
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
