//! `--access-log`: one line per request on stdout once its answer is sent
//! (or abandoned): time, method, path, route, status, bytes, duration and
//! the isolate that ran the handler. Off by default, as in `next start`.

use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Instant;

use crate::metrics::Served;

/// How access log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccessLog {
  /// No access log (the default).
  #[default]
  Off,
  /// `time method path route status bytes duration isolate`, space
  /// separated, for people.
  Text,
  /// One JSON object per line, for machines.
  Json,
}

/// One request's line, filled in as the request goes.
#[derive(Debug)]
pub(crate) struct Entry {
  format: AccessLog,
  time: chrono::DateTime<chrono::Utc>,
  began: Instant,
  method: http::Method,
  path: String,
  status: u16,
  served: Option<Served>,
  pub bytes: u64,
}

impl Entry {
  /// Starts a line for a request, or `None` when the log is off.
  pub(crate) fn start<B>(
    format: AccessLog,
    request: &http::Request<B>,
  ) -> Option<Entry> {
    if format == AccessLog::Off {
      return None;
    }
    Some(Entry {
      format,
      time: chrono::Utc::now(),
      began: Instant::now(),
      method: request.method().clone(),
      path: request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
      ),
      status: 0,
      served: None,
      bytes: 0,
    })
  }

  /// Notes the answer's head.
  pub(crate) fn answered<B>(&mut self, response: &http::Response<B>) {
    self.status = response.status().as_u16();
    self.served = response.extensions().get::<Served>().cloned();
  }

  fn line(&self) -> String {
    let time = self
      .time
      .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let millis = self.began.elapsed().as_secs_f64() * 1000.0;
    let route = self.served.as_ref().map_or("-", |served| &served.route);
    let isolate = self.served.as_ref().and_then(|served| served.isolate);
    match self.format {
      AccessLog::Json => serde_json::json!({
        "time": time,
        "method": self.method.as_str(),
        "path": self.path,
        "route": route,
        "status": self.status,
        "bytes": self.bytes,
        "duration_ms": (millis * 1000.0).round() / 1000.0,
        "isolate": isolate,
      })
      .to_string(),
      _ => format!(
        "{time} {} {} {route} {} {} {millis:.3}ms isolate={}",
        self.method,
        self.path,
        self.status,
        self.bytes,
        isolate.map_or_else(|| "-".to_owned(), |id| id.to_string()),
      ),
    }
  }
}

impl Drop for Entry {
  fn drop(&mut self) {
    let mut line = self.line();
    line.push('\n');
    // A closed stdout loses the log, never the request.
    let _ = writer().send(line);
  }
}

/// The lines go to stdout from a thread of their own, so a slow terminal
/// or pipe never blocks the threads that serve requests; it flushes
/// whenever no more lines are waiting.
fn writer() -> &'static mpsc::Sender<String> {
  static WRITER: OnceLock<mpsc::Sender<String>> = OnceLock::new();
  WRITER.get_or_init(|| {
    let (tx, rx) = mpsc::channel::<String>();
    let spawned =
      std::thread::Builder::new()
        .name("access-log".into())
        .spawn(move || {
          let mut out = std::io::BufWriter::new(std::io::stdout());
          while let Ok(line) = rx.recv() {
            let _ = out.write_all(line.as_bytes());
            while let Ok(line) = rx.try_recv() {
              let _ = out.write_all(line.as_bytes());
            }
            let _ = out.flush();
          }
        });
    if let Err(error) = spawned {
      tracing::error!("no access log: its thread did not start: {error}");
    }
    tx
  })
}
