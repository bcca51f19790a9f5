//! The reference page's AI SDK example (test-apps/ai-sdk, `ai` 3.1.37 and
//! `@ai-sdk/openai` 0.0.30 from npm), handler text unchanged, talking to a
//! mock OpenAI-compatible server this test runs: the client must get each
//! token as the mock emits it, not all at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::TestServer;
use serde_json::{Value, json};

const APP: &str = "test-apps/ai-sdk";
const TOKENS: [&str; 5] = ["Hello", ",", " edge", " world", "!"];
/// Pause before each token the mock emits.
const GAP: Duration = Duration::from_millis(300);

/// What the mock saw and when it wrote each token (since `epoch`).
#[derive(Default)]
struct MockLog {
  request_line: String,
  authorization: String,
  body: Value,
  emitted: Vec<Duration>,
}

/// An OpenAI chat-completions endpoint that streams `TOKENS` as
/// server-sent events, one every `GAP`, on one connection.
fn start_mock(epoch: Instant) -> (SocketAddr, Arc<Mutex<MockLog>>) {
  let listener = TcpListener::bind("127.0.0.1:0").expect("bind mock");
  let addr = listener.local_addr().expect("mock addr");
  let log = Arc::new(Mutex::new(MockLog::default()));
  let shared = log.clone();
  std::thread::spawn(move || {
    let Ok((stream, _)) = listener.accept() else {
      return;
    };
    serve_completion(stream, epoch, &shared);
  });
  (addr, log)
}

fn serve_completion(stream: TcpStream, epoch: Instant, log: &Mutex<MockLog>) {
  stream.set_nodelay(true).expect("nodelay");
  let mut reader = BufReader::new(stream.try_clone().expect("clone"));
  let mut request_line = String::new();
  reader.read_line(&mut request_line).expect("request line");
  let mut length = 0usize;
  let mut authorization = String::new();
  loop {
    let mut line = String::new();
    reader.read_line(&mut line).expect("header");
    let line = line.trim_end();
    if line.is_empty() {
      break;
    }
    let (name, value) = line.split_once(':').unwrap_or((line, ""));
    match name.to_ascii_lowercase().as_str() {
      "content-length" => length = value.trim().parse().expect("length"),
      "authorization" => authorization = value.trim().to_owned(),
      _ => {}
    }
  }
  let mut body = vec![0u8; length];
  reader.read_exact(&mut body).expect("body");
  {
    let mut log = log.lock().expect("log");
    log.request_line = request_line.trim_end().to_owned();
    log.authorization = authorization;
    log.body = serde_json::from_slice(&body).expect("json body");
  }
  let mut out = stream;
  out
    .write_all(
      b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n",
    )
    .expect("head");
  let event = |out: &mut TcpStream, data: Value| {
    out
      .write_all(format!("data: {data}\n\n").as_bytes())
      .expect("event");
  };
  let chunk = |delta: Value, finish: Value| {
    json!({
      "id": "chatcmpl-mock",
      "object": "chat.completion.chunk",
      "created": 1_700_000_000,
      "model": "gpt-4-turbo",
      "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }],
    })
  };
  event(
    &mut out,
    chunk(json!({ "role": "assistant", "content": "" }), Value::Null),
  );
  for token in TOKENS {
    std::thread::sleep(GAP);
    event(&mut out, chunk(json!({ "content": token }), Value::Null));
    log.lock().expect("log").emitted.push(epoch.elapsed());
  }
  event(&mut out, chunk(json!({}), json!("stop")));
  event(
    &mut out,
    json!({
      "id": "chatcmpl-mock",
      "object": "chat.completion.chunk",
      "created": 1_700_000_000,
      "model": "gpt-4-turbo",
      "choices": [],
      "usage": { "prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14 },
    }),
  );
  let _ = out.write_all(b"data: [DONE]\n\n");
}

#[test]
fn reference_ai_sdk_example_streams_tokens_as_the_model_emits_them() {
  crate::common::require_node_modules(APP);
  let epoch = Instant::now();
  let (mock, log) = start_mock(epoch);
  // What App::load does for this graph, measured on its own.
  let load_started = Instant::now();
  let app = edgeroute::App::load(crate::common::repo_root().join(APP))
    .expect("the AI SDK app loads");
  eprintln!(
    "App::load (resolve + transpile the AI SDK graph): {} modules in {:?}",
    app.module_count(),
    load_started.elapsed()
  );
  drop(app);
  let load_started = Instant::now();
  let server = TestServer::start_with_env(
    APP,
    &[
      ("OPENAI_BASE_URL", &format!("http://{mock}/v1")),
      ("OPENAI_API_KEY", "sk-test-key"),
    ],
  );
  eprintln!(
    "App::load + bind (resolve + transpile the AI SDK graph): {:?}",
    load_started.elapsed()
  );

  let body = r#"{"messages":[{"role":"user","content":"Say hello"}]}"#;
  let wanted: Vec<String> = TOKENS
    .iter()
    .map(|t| format!("0:{}\n", serde_json::to_string(t).expect("json")))
    .collect();
  let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
  let sent = epoch.elapsed();
  // Over the suite's protocol (HTTP/1.1, or h2c with
  // EDGEROUTE_TEST_HTTP=h2c); times since the request went out.
  let (since_sent, answer) = crate::common::arrivals_of(
    server.addr,
    "POST",
    "/api/chat",
    "Content-Type: application/json\r\n",
    Some(body.as_bytes()),
    &wanted,
  );
  let arrivals: Vec<Duration> = since_sent.iter().map(|t| sent + *t).collect();
  let text = answer.text();
  let log = log.lock().expect("log");
  eprintln!("request sent at {sent:?}");
  eprintln!("tokens emitted by the mock at {:?}", log.emitted);
  eprintln!("tokens received by the client at {arrivals:?}");

  assert_eq!(answer.status, 200, "{text}");
  assert_eq!(
    answer.header("content-type"),
    Some("text/plain; charset=utf-8")
  );
  let tokens: Vec<String> = text
    .lines()
    .filter_map(|line| line.strip_prefix("0:"))
    .map(|json| serde_json::from_str::<String>(json).expect("token"))
    .collect();
  assert_eq!(tokens.concat(), "Hello, edge world!", "{text}");

  assert_eq!(log.request_line, "POST /v1/chat/completions HTTP/1.1");
  assert_eq!(log.authorization, "Bearer sk-test-key");
  assert_eq!(log.body["model"], "gpt-4-turbo");
  assert_eq!(log.body["stream"], true);
  assert_eq!(
    log.body["messages"],
    json!([{ "role": "user", "content": "Say hello" }])
  );

  assert_eq!(arrivals.len(), TOKENS.len(), "{text}");
  assert_eq!(log.emitted.len(), TOKENS.len());
  for (i, (emitted, arrived)) in log.emitted.iter().zip(&arrivals).enumerate() {
    let delay = arrived.saturating_sub(*emitted);
    assert!(
      delay < Duration::from_millis(150),
      "token {i} arrived {delay:?} after the mock emitted it"
    );
  }
  // The first token reached the client long before the model finished.
  assert!(
    arrivals[0] + GAP * 3 < log.emitted[TOKENS.len() - 1],
    "first token at {:?}, last emitted at {:?}",
    arrivals[0],
    log.emitted[TOKENS.len() - 1]
  );
}
