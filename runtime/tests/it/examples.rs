//! Every app in `examples/` loads and answers as its comments say.

use crate::common::TestServer;

#[test]
fn hello_example_serves_json_and_text() {
  let server = TestServer::start("examples/hello");
  let json = server.request("GET", "/api/hello", &[], None);
  assert_eq!(json.status, 200);
  assert_eq!(json.header("content-type"), Some("application/json"));
  assert_eq!(json.text(), r#"{"message":"Hello World"}"#);
  let text = server.request("GET", "/?name=edge", &[], None);
  assert_eq!(text.status, 200);
  assert_eq!(text.text(), "Hello, edge!\n");
}
