//! TLS for the server (`--tls-cert` / `--tls-key`): rustls, ALPN `h2` and
//! `http/1.1`, and the certificate and key read again on demand (SIGHUP):
//! connections from then on use the new ones; a pair that fails to load
//! leaves the old one in use.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use crate::error::Error;

/// A certificate chain and key, from PEM files, as a TLS acceptor.
#[derive(Debug)]
pub struct Tls {
  cert: PathBuf,
  key: PathBuf,
  config: ArcSwap<rustls::ServerConfig>,
}

impl Tls {
  /// Reads the certificate chain (`cert`, PEM, leaf first) and its
  /// private key (`key`, PEM: PKCS#8, PKCS#1 or SEC1).
  pub fn load(
    cert: impl AsRef<Path>,
    key: impl AsRef<Path>,
  ) -> Result<Tls, Error> {
    let cert = cert.as_ref().to_path_buf();
    let key = key.as_ref().to_path_buf();
    let config = server_config(&cert, &key)?;
    Ok(Tls {
      cert,
      key,
      config: ArcSwap::from_pointee(config),
    })
  }

  /// Reads the files again; new connections use what they hold now. On
  /// failure the previous pair stays in use and the error is returned.
  pub fn reload(&self) -> Result<(), Error> {
    let config = server_config(&self.cert, &self.key)?;
    self.config.store(Arc::new(config));
    Ok(())
  }

  pub(crate) fn acceptor(&self) -> TlsAcceptor {
    TlsAcceptor::from(self.config.load_full())
  }
}

fn server_config(
  cert: &Path,
  key: &Path,
) -> Result<rustls::ServerConfig, Error> {
  let fail = |file: &Path, message: String| Error::Tls {
    file: file.to_path_buf(),
    message,
  };
  let cert_pem =
    std::fs::read(cert).map_err(|error| fail(cert, error.to_string()))?;
  let chain = CertificateDer::pem_slice_iter(&cert_pem)
    .collect::<Result<Vec<_>, _>>()
    .map_err(|error| fail(cert, error.to_string()))?;
  if chain.is_empty() {
    return Err(fail(cert, "no PEM certificate in it".to_owned()));
  }
  let key_pem =
    std::fs::read(key).map_err(|error| fail(key, error.to_string()))?;
  let private = PrivateKeyDer::from_pem_slice(&key_pem)
    .map_err(|error| fail(key, error.to_string()))?;
  // The provider is named: the process links more than one.
  let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
  let mut config = rustls::ServerConfig::builder_with_provider(provider)
    .with_safe_default_protocol_versions()
    .map_err(|error| fail(cert, error.to_string()))?
    .with_no_client_auth()
    .with_single_cert(chain, private)
    .map_err(|error| fail(key, error.to_string()))?;
  config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
  Ok(config)
}
