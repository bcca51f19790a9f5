//! An axum server with its own handler at `/health` and a Next.js app's
//! route handlers mounted under `/api`: `app/hello/route.ts` answers
//! `GET /api/hello`.
//!
//! ```sh
//! cargo run -p axum-embed -- [--port N] [APP_DIR]
//! ```

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::routing::get;
use axum::serve::ListenerExt;
use edgeroute::{App, AppConfig, AppService, ClientInfo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
  let mut port = 3000u16;
  let mut dir = concat!(env!("CARGO_MANIFEST_DIR")).to_owned();
  let mut args = std::env::args().skip(1);
  while let Some(arg) = args.next() {
    match arg.as_str() {
      "--port" => port = args.next().ok_or("--port takes a number")?.parse()?,
      _ => dir = arg,
    }
  }

  // The router strips `/api` before calling the app: the app is told, so
  // it answers as a Next.js app with `basePath: '/api'` does.
  let config = AppConfig::default().mounted_at("/api");
  let app = Arc::new(App::load_with(&dir, &config)?);
  let api = AppService::new(app);

  let router = Router::new()
    .route("/health", get(|| async { "ok" }))
    .nest_service("/api", api)
    // How the client reached this server, for `request.url` and the
    // `x-forwarded-*` headers handlers see.
    .layer(axum::middleware::map_request(client_info));

  let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
  println!("Listening on http://{}", listener.local_addr()?);
  // Answers go out as soon as they are written, as `edgeroute serve` sends
  // them: without TCP_NODELAY, a small answer written in two parts waits
  // for the client's delayed ACK.
  let listener = listener.tap_io(|tcp| {
    if let Err(error) = tcp.set_nodelay(true) {
      eprintln!("TCP_NODELAY: {error}");
    }
  });
  axum::serve(
    listener,
    router.into_make_service_with_connect_info::<SocketAddr>(),
  )
  .await?;
  Ok(())
}

/// Puts the client's address and the host the server answers for on the
/// request, as [`ClientInfo`].
async fn client_info(
  ConnectInfo(addr): ConnectInfo<SocketAddr>,
  mut request: Request,
) -> Request {
  let host = request
    .headers()
    .get(axum::http::header::HOST)
    .and_then(|host| host.to_str().ok())
    .unwrap_or("localhost")
    .to_owned();
  request.extensions_mut().insert(ClientInfo {
    addr: Some(addr),
    https: false,
    host,
  });
  request
}
