//! `process.env` in route code: `.env`, `.env.local`, `.env.production`
//! in Next.js's precedence order, the real environment winning, and no
//! `process` powers beyond `env` (and `nextTick`).

use crate::common::TestServer;
use serde_json::{Value, json};

#[test]
fn env_files_in_next_order_and_the_real_env_var_wins() {
  crate::common::require_node_modules("test-apps/npm");
  let server = TestServer::start_with_env(
    "test-apps/npm",
    &[
      ("FROM_REAL", "from the real env"),
      ("NODE_ENV", "production"),
    ],
  );
  let answer = server.request("GET", "/env", &[], None);
  assert_eq!(answer.status, 200, "{}", answer.text());
  let body: Value = serde_json::from_str(&answer.text()).expect("json");
  assert_eq!(
    body,
    json!({
      // .env.local beats .env.production and .env
      "GREETING": "from .env.local",
      "ONLY_IN_ENV": "env",
      // .env.local sets it too, but the real variable wins
      "FROM_REAL": "from the real env",
      "EXPANDED": "env-expanded",
      "MODE_FILE": "from .env.production",
      "NODE_ENV": "production",
      "NEXT_RUNTIME": "edge",
      "processKeys": ["env", "nextTick"],
      "exit": "undefined",
      "cwd": "undefined",
    })
  );
}
