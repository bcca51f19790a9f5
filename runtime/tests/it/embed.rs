//! Embedding: the app as a `tower::Service` and `App::handle`, called in
//! process (no socket), mounted under a prefix as a router that strips it
//! would call it, with the client told through `ClientInfo`.

use std::sync::Arc;

use bytes::Bytes;
use edgeroute::{App, AppConfig, AppService, ClientInfo};
use http::{Request, Response};
use http_body_util::{BodyExt, Full};

use crate::common::repo_root;

fn runtime() -> tokio::runtime::Runtime {
  tokio::runtime::Builder::new_multi_thread()
    .worker_threads(2)
    .enable_all()
    .build()
    .expect("tokio runtime")
}

async fn text(response: Response<edgeroute::Body>) -> (u16, String) {
  let status = response.status().as_u16();
  let body = response
    .into_body()
    .collect()
    .await
    .expect("body")
    .to_bytes();
  (status, String::from_utf8_lossy(&body).into_owned())
}

fn get(path: &str) -> Request<Full<Bytes>> {
  Request::get(path).body(Full::default()).expect("request")
}

#[test]
fn app_handle_answers_in_process_as_the_server_does() {
  let app =
    Arc::new(App::load(repo_root().join("examples/hello")).expect("app loads"));
  runtime().block_on(async {
    let (status, body) = text(app.handle(get("/api/hello")).await).await;
    assert_eq!(
      (status, body.as_str()),
      (200, r#"{"message":"Hello World"}"#)
    );
    // The same rules as over a socket: a missing route is Next's 404, a
    // POST to a GET-only route 405.
    assert_eq!(app.handle(get("/nope")).await.status(), 404);
    let post = Request::post("/api/hello")
      .body(Full::new(Bytes::from_static(b"{}")))
      .expect("request");
    assert_eq!(app.handle(post).await.status(), 405);
  });
}

#[test]
fn a_mounted_app_answers_as_under_a_base_path_with_the_client_it_is_told() {
  let config = AppConfig::default().mounted_at("/api");
  let app = Arc::new(
    App::load_with(repo_root().join("examples/axum-embed"), &config)
      .expect("app loads"),
  );
  let service = AppService::new(app);
  runtime().block_on(async {
    // The router stripped `/api`: the handler sees the path inside it, as
    // a route of an app with `basePath: '/api'` does under `next start`.
    let mut request = get("/hello?a=1");
    request.extensions_mut().insert(ClientInfo {
      addr: Some("203.0.113.9:5000".parse().expect("addr")),
      https: true,
      host: "api.example.com".to_owned(),
    });
    let mut tower = service.clone();
    let answer = tower_service::Service::call(&mut tower, request)
      .await
      .expect("infallible");
    let (status, body) = text(answer).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
      body,
      concat!(
        r#"{"message":"Hello from a route handler","#,
        r#""url":"https://api.example.com/hello?a=1","pathname":"/hello","#,
        r#""forwarded":{"for":"203.0.113.9","proto":"https","port":"443"}}"#
      )
    );

    // Without a ClientInfo: http://localhost, no x-forwarded-for.
    let (_, body) = text(service.handle(get("/hello")).await).await;
    assert!(
      body.contains(r#""url":"http://localhost/hello""#)
        && body.contains(r#""for":null,"proto":"http","port":"80""#),
      "{body}"
    );

    // Redirects stay under the mount, as a basePath's do.
    let answer = service.handle(get("/hello/")).await;
    assert_eq!(answer.status(), 308);
    assert_eq!(
      answer.headers().get("location").map(|v| v.as_bytes()),
      Some(&b"/api/hello"[..])
    );
  });
}

#[test]
fn a_mount_that_is_not_a_path_is_refused_at_load() {
  for mount in ["api", "/a//b", "/a/../b", "/a?b"] {
    let config = AppConfig::default().mounted_at(mount);
    let error = App::load_with(repo_root().join("examples/hello"), &config)
      .expect_err(mount);
    assert!(
      error.to_string().contains("mount prefix"),
      "{mount}: {error}"
    );
  }
}
