//! Handlers exported in the shapes real apps use: destructured from an
//! object (`export const { GET, POST } = handlers`, as Auth.js apps do)
//! and made by a wrapper (`export const GET = withAuth(fn)`). Next.js reads
//! the module's exports when it runs, so both serve; so must these.

use crate::common::TestServer;

#[test]
fn destructured_and_wrapped_exports_are_handlers() {
  let server = TestServer::start("test-apps/handler-exports");
  let get = server.request("GET", "/destructured", &[], None);
  assert_eq!(
    (get.status, get.text()),
    (200, r#"{"from":"GET"}"#.to_owned())
  );
  let post = server.request("POST", "/destructured", &[], None);
  assert_eq!(post.text(), r#"{"from":"POST"}"#);
  assert_eq!(
    server.request("PUT", "/destructured", &[], None).status,
    405
  );
  let options = server.request("OPTIONS", "/destructured", &[], None);
  assert_eq!(options.status, 204);
  assert_eq!(options.header("allow"), Some("GET, HEAD, OPTIONS, POST"));
  let wrapped = server.request("GET", "/wrapped", &[], None);
  assert_eq!(wrapped.status, 200);
  assert_eq!(wrapped.header("x-wrapped"), Some("1"));
  assert_eq!(wrapped.text(), r#"{"wrapped":true}"#);
}
