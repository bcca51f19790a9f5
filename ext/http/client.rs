//! Knowing when the client went away. The server holds a [`ClientWatch`]
//! for as long as a request is being answered; the isolate holds the
//! matching [`ClientGone`]. Dropping the watch before [`ClientWatch::finish`]
//! (the connection closed, hyper dropped the request future or the
//! response body) tells the isolate, which aborts `request.signal` and
//! cancels the response stream.

use tokio::sync::oneshot;

/// The server's end: fires on drop unless the answer was delivered.
#[derive(Debug)]
pub struct ClientWatch {
  tx: Option<oneshot::Sender<()>>,
}

/// The isolate's end: resolves `true` when the client went away before
/// the answer was delivered, `false` once it was.
#[derive(Debug)]
pub struct ClientGone {
  rx: oneshot::Receiver<()>,
}

impl ClientWatch {
  /// A watch and the receiver the isolate waits on.
  pub fn new() -> (Self, ClientGone) {
    let (tx, rx) = oneshot::channel();
    (Self { tx: Some(tx) }, ClientGone { rx })
  }

  /// The answer reached the client (or needs no more from the handler):
  /// nothing to abort.
  pub fn finish(mut self) {
    self.disarm();
  }

  /// Like [`ClientWatch::finish`], for a watch held in place.
  pub fn disarm(&mut self) {
    // Dropping the sender without sending means "delivered".
    self.tx.take();
  }
}

impl Drop for ClientWatch {
  fn drop(&mut self) {
    if let Some(tx) = self.tx.take() {
      let _ = tx.send(());
    }
  }
}

impl ClientGone {
  /// Waits for the outcome: `true` if the client went away first.
  pub async fn wait(self) -> bool {
    self.rx.await.is_ok()
  }
}
