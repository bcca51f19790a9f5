//! External rewrites (next.config's, or a proxy's to another origin):
//! the request is forwarded and the answer streamed back, both ways
//! without buffering, as `next start` proxies them: the target's host in
//! `Host`, the client's in `x-forwarded-host`, hop-by-hop headers dropped,
//! 30 s for the answer to start.

use std::time::Duration;

use edgeroute_http::{ResponseBody, StreamError};
use http::{HeaderMap, Request, Response, Uri, header};
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::front::RequestBody;
use super::reject::Reject;

/// How long the target may take to start answering (Next.js's default
/// `proxyTimeout`).
const PROXY_TIMEOUT: Duration = Duration::from_secs(30);

/// Headers that belong to one connection, never forwarded either way.
const HOP_BY_HOP: &[header::HeaderName] = &[
  header::CONNECTION,
  header::TE,
  header::TRAILER,
  header::TRANSFER_ENCODING,
  header::UPGRADE,
  header::PROXY_AUTHORIZATION,
  header::PROXY_AUTHENTICATE,
];

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// The client external rewrites go through: one per server, pooled.
#[derive(Clone)]
pub(crate) struct Upstream {
  client: Client<Connector, edgeroute_http::IncomingBody>,
}

impl std::fmt::Debug for Upstream {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.write_str("Upstream")
  }
}

impl Upstream {
  pub(crate) fn new() -> Result<Upstream, std::io::Error> {
    // The provider is named: the process links more than one.
    let provider =
      std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
      .with_provider_and_webpki_roots(provider)
      .map_err(std::io::Error::other)?
      .https_or_http()
      .enable_http1()
      .build();
    Ok(Upstream {
      client: Client::builder(TokioExecutor::new()).build(connector),
    })
  }
}

/// Forwards the request to `url` and streams the answer back.
pub(crate) async fn forward(
  app: &crate::App,
  parts: http::request::Parts,
  body: RequestBody,
  url: &str,
) -> Result<Response<ResponseBody>, Reject> {
  let uri: Uri = url.parse().map_err(|error| {
    tracing::error!("external rewrite to {url}: {error}");
    Reject::Failed
  })?;
  let mut headers = parts.headers;
  strip_hop_by_hop(&mut headers);
  let client_host = headers.get(header::HOST).cloned();
  if let Some(authority) = uri.authority()
    && let Ok(host) = http::HeaderValue::from_str(authority.as_str())
  {
    headers.insert(header::HOST, host);
  }
  headers.insert(
    "x-forwarded-host",
    client_host.unwrap_or_else(|| http::HeaderValue::from_static("")),
  );
  // `next start`'s proxy opens a connection per request and says so.
  headers.insert(header::CONNECTION, http::HeaderValue::from_static("close"));
  let mut request = Request::new(body.boxed());
  *request.method_mut() = parts.method;
  *request.uri_mut() = uri;
  *request.headers_mut() = headers;
  let sent = app.upstream().client.request(request);
  let response = match tokio::time::timeout(PROXY_TIMEOUT, sent).await {
    Ok(Ok(response)) => response,
    Ok(Err(error)) => {
      tracing::error!("Failed to proxy {url} {error}");
      return Err(Reject::Failed);
    }
    Err(_) => {
      tracing::error!("Failed to proxy {url}: no answer within 30 s");
      return Err(Reject::Failed);
    }
  };
  let (mut parts, body) = response.into_parts();
  strip_hop_by_hop(&mut parts.headers);
  let body = body
    .map_err(|error| StreamError(error.to_string()))
    .boxed_unsync();
  Ok(Response::from_parts(parts, ResponseBody::Boxed(body)))
}

fn strip_hop_by_hop(headers: &mut HeaderMap) {
  for name in HOP_BY_HOP {
    headers.remove(name);
  }
  headers.remove("keep-alive");
}
