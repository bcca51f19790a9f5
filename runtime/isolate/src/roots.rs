//! The root certificates `fetch("https://…")` trusts: the system's store
//! (`/etc/ssl/certs`, or `SSL_CERT_FILE` / `SSL_CERT_DIR`), as Node.js
//! and Next.js do with the OS's CAs; Mozilla's bundled roots when the
//! system has none. Loaded once per process, on the first HTTPS fetch.

use std::sync::{Arc, OnceLock};

use deno_error::JsErrorBox;
use deno_tls::rustls::RootCertStore;
use deno_tls::rustls::pki_types::CertificateDer;
use deno_tls::{RootCertStoreProvider, create_default_root_cert_store};

/// The process-wide root store provider.
pub fn system_roots() -> Arc<dyn RootCertStoreProvider> {
  static ROOTS: OnceLock<Arc<SystemRoots>> = OnceLock::new();
  ROOTS
    .get_or_init(|| Arc::new(SystemRoots(OnceLock::new())))
    .clone()
}

struct SystemRoots(OnceLock<RootCertStore>);

impl RootCertStoreProvider for SystemRoots {
  fn get_or_try_init(&self) -> Result<&RootCertStore, JsErrorBox> {
    Ok(self.0.get_or_init(load))
  }
}

fn load() -> RootCertStore {
  let mut store = RootCertStore::empty();
  match deno_tls::deno_native_certs::load_native_certs() {
    Ok(certs) => {
      let (added, ignored) = store.add_parsable_certificates(
        certs.into_iter().map(|c| CertificateDer::from(c.0)),
      );
      tracing::debug!(
        "loaded {added} system root certificates ({ignored} unparsable)"
      );
    }
    Err(error) => {
      tracing::warn!("cannot read the system's root certificates: {error}");
    }
  }
  if store.is_empty() {
    tracing::warn!(
      "no system root certificates found; HTTPS fetches trust Mozilla's bundled roots"
    );
    return create_default_root_cert_store();
  }
  store
}
