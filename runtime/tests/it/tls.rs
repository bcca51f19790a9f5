//! HTTPS: ALPN picks HTTP/2 or HTTP/1.1 on the same port; handlers see an
//! https `request.url`; `Tls::reload` swaps the certificate for new
//! connections and keeps the old one when the new files are broken.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::BodyExt;
use rustls::pki_types::{CertificateDer, ServerName};

use crate::common::repo_root;

struct Pair {
  cert: PathBuf,
  key: PathBuf,
  der: CertificateDer<'static>,
}

/// A self-signed certificate for `localhost`, written as PEM files.
fn certificate(dir: &std::path::Path, name: &str) -> Pair {
  let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
    .expect("a certificate");
  let cert = dir.join(format!("{name}.crt"));
  let key = dir.join(format!("{name}.key"));
  std::fs::write(&cert, made.cert.pem()).expect("cert");
  std::fs::write(&key, made.signing_key.serialize_pem()).expect("key");
  Pair {
    cert,
    key,
    der: made.cert.der().clone(),
  }
}

/// A TLS server on its own thread; stops when the runtime is dropped.
fn serve(tls: Arc<edgeroute::Tls>) -> (SocketAddr, tokio::runtime::Runtime) {
  let app = Arc::new(
    edgeroute::App::load_with(
      repo_root().join("examples/axum-embed"),
      &crate::common::suite_config(edgeroute::AppConfig::default()),
    )
    .expect("app loads"),
  );
  let runtime = tokio::runtime::Builder::new_multi_thread()
    .worker_threads(2)
    .enable_all()
    .build()
    .expect("tokio runtime");
  let server = runtime
    .block_on(edgeroute::Server::bind(app, "127.0.0.1", 0))
    .expect("bind")
    .tls(tls);
  assert!(server.origin().starts_with("https://127.0.0.1:"));
  let addr = server.local_addr().expect("addr");
  runtime.spawn(server.run(std::future::pending()));
  (addr, runtime)
}

/// GET `path` over TLS offering `alpn`: the protocol ALPN chose, the
/// server's certificate, the status and body.
async fn get(
  addr: SocketAddr,
  root: &CertificateDer<'static>,
  alpn: &[&[u8]],
  path: &str,
) -> (Option<Vec<u8>>, CertificateDer<'static>, u16, String) {
  let mut roots = rustls::RootCertStore::empty();
  roots.add(root.clone()).expect("root");
  let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
  let mut config = rustls::ClientConfig::builder_with_provider(provider)
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
  config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
  let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
  let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
  let name = ServerName::try_from("localhost").expect("name");
  let tls = connector.connect(name, tcp).await.expect("TLS handshake");
  let (_, session) = tls.get_ref();
  let chosen = session.alpn_protocol().map(<[u8]>::to_vec);
  let presented =
    session.peer_certificates().expect("a certificate")[0].clone();
  let io = hyper_util::rt::TokioIo::new(tls);
  let request = http::Request::get(path)
    .header("host", format!("localhost:{}", addr.port()))
    .body(http_body_util::Empty::<bytes::Bytes>::new())
    .expect("request");
  let response = if chosen.as_deref() == Some(b"h2") {
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
      hyper_util::rt::TokioExecutor::new(),
      io,
    )
    .await
    .expect("h2 handshake");
    tokio::spawn(conn);
    let mut request = request;
    *request.uri_mut() = format!("https://localhost:{}{path}", addr.port())
      .parse()
      .expect("uri");
    request.headers_mut().remove("host");
    sender.send_request(request).await.expect("an answer")
  } else {
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
      .await
      .expect("handshake");
    tokio::spawn(conn);
    sender.send_request(request).await.expect("an answer")
  };
  let status = response.status().as_u16();
  let body = response
    .into_body()
    .collect()
    .await
    .expect("body")
    .to_bytes();
  (
    chosen,
    presented,
    status,
    String::from_utf8_lossy(&body).into_owned(),
  )
}

#[test]
fn https_serves_h2_and_http1_by_alpn_and_reloads_its_certificate() {
  let dir =
    std::env::temp_dir().join(format!("edgeroute-tls-{}", std::process::id()));
  std::fs::create_dir_all(&dir).expect("dir");
  let first = certificate(&dir, "first");
  let tls =
    Arc::new(edgeroute::Tls::load(&first.cert, &first.key).expect("tls"));
  let (addr, runtime) = serve(tls.clone());
  let port = addr.port();
  let expected = format!(
    concat!(
      r#"{{"message":"Hello from a route handler","url":"https://localhost:{port}/hello","#,
      r#""pathname":"/hello","forwarded":{{"for":"127.0.0.1","proto":"https","port":"{port}"}}}}"#
    ),
    port = port
  );
  runtime.block_on(async {
    for (alpn, chosen) in [
      (vec![&b"h2"[..], b"http/1.1"], b"h2".to_vec()),
      (vec![&b"http/1.1"[..]], b"http/1.1".to_vec()),
    ] {
      let (got, presented, status, body) =
        get(addr, &first.der, &alpn, "/hello").await;
      assert_eq!(got, Some(chosen));
      assert_eq!(presented, first.der);
      assert_eq!((status, body.as_str()), (200, expected.as_str()));
    }

    // New files: new connections get the new certificate.
    let second = certificate(&dir, "second");
    std::fs::copy(&second.cert, &first.cert).expect("swap cert");
    std::fs::copy(&second.key, &first.key).expect("swap key");
    tls.reload().expect("reload");
    let (_, presented, status, _) =
      get(addr, &second.der, &[b"h2"], "/hello").await;
    assert_eq!((presented == second.der, status), (true, 200));

    // Broken files: the reload fails and the last good pair stays.
    std::fs::write(&first.key, "not a key").expect("break key");
    let error = tls.reload().expect_err("a broken key does not load");
    assert!(error.to_string().contains("first.key"), "{error}");
    let (_, presented, status, _) =
      get(addr, &second.der, &[b"h2"], "/hello").await;
    assert_eq!((presented == second.der, status), (true, 200));

    // Clear text on the TLS port is not served.
    let mut plain =
      tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    plain
      .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
      .await
      .expect("write");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
      Duration::from_secs(10),
      plain.read_to_end(&mut answer),
    )
    .await
    .expect("closed within 10 s");
    assert!(read.is_err() || !answer.starts_with(b"HTTP/1.1 200"));
  });
  let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_or_empty_certificate_is_a_clear_error() {
  let dir = std::env::temp_dir()
    .join(format!("edgeroute-tls-errors-{}", std::process::id()));
  std::fs::create_dir_all(&dir).expect("dir");
  let pair = certificate(&dir, "ok");
  let missing = dir.join("missing.crt");
  let error = edgeroute::Tls::load(&missing, &pair.key).expect_err("missing");
  assert!(error.to_string().contains("missing.crt"), "{error}");
  let empty = dir.join("empty.crt");
  std::fs::write(&empty, "").expect("empty");
  let error = edgeroute::Tls::load(&empty, &pair.key).expect_err("empty");
  assert!(error.to_string().contains("no PEM certificate"), "{error}");
  let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_serves_https_and_rereads_its_certificate_on_sighup() {
  let dir = std::env::temp_dir()
    .join(format!("edgeroute-tls-cli-{}", std::process::id()));
  std::fs::create_dir_all(&dir).expect("dir");
  let first = certificate(&dir, "first");
  let (cert, key) = (
    first.cert.display().to_string(),
    first.key.display().to_string(),
  );
  let server = crate::common::process::Running::serve(
    "examples/axum-embed",
    &["--tls-cert", &cert, "--tls-key", &key],
  );
  assert!(server.origin.starts_with("https://"), "{}", server.origin);
  let addr = server.addr;
  let runtime = tokio::runtime::Builder::new_current_thread()
    .enable_all()
    .build()
    .expect("tokio runtime");
  runtime.block_on(async {
    let (chosen, presented, status, _) =
      get(addr, &first.der, &[b"h2", b"http/1.1"], "/hello").await;
    assert_eq!((chosen.as_deref(), status), (Some(&b"h2"[..]), 200));
    assert_eq!(presented, first.der);
  });
  let second = certificate(&dir, "second");
  std::fs::copy(&second.cert, &first.cert).expect("swap cert");
  std::fs::copy(&second.key, &first.key).expect("swap key");
  let status = std::process::Command::new("kill")
    .args(["-HUP", &server.child.id().to_string()])
    .status()
    .expect("kill");
  assert!(status.success());
  server.log_line_with(&["SIGHUP: TLS certificate reloaded"]);
  runtime.block_on(async {
    let (_, presented, status, _) =
      get(addr, &second.der, &[b"http/1.1"], "/hello").await;
    assert_eq!((presented == second.der, status), (true, 200));
  });
  let _ = std::fs::remove_dir_all(&dir);
}
