use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};

use crate::body::{IncomingBody, ResponseBody};
use crate::client::ClientGone;

/// One value of a dynamic route parameter, as JS sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Param {
  /// `[x]`: a single decoded segment.
  One(String),
  /// `[...x]` / `[[...x]]`: the decoded segments, in order.
  Many(Vec<String>),
}

/// What a proxy call knows of the app's config: its `request.nextUrl`
/// strips the basePath, as Next.js's does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxyContext {
  /// next.config's `basePath` (empty without one).
  pub base_path: String,
  /// next.config's `trailingSlash`.
  pub trailing_slash: bool,
}

/// The response header a prerendering call's answer carries when the
/// handler did something that makes its route dynamic in Next.js (a fetch
/// with `cache: 'no-store'` or `revalidate: 0`); the server removes it.
pub const DYNAMIC_MARK: &str = "x-edgeroute-dynamic";

/// The response header a prerendering call's answer carries when a cached
/// read (a fetch's `next.revalidate`, `unstable_cache`'s `revalidate`)
/// lowers the route's revalidate: its value, in seconds. The server
/// removes it.
pub const REVALIDATE_MARK: &str = "x-edgeroute-revalidate";

/// The response header a prerendering call's answer carries: the tags
/// that invalidate it (the request's implicit ones, those of what it read
/// from the cache), each URI-encoded, comma-separated. The server removes
/// it.
pub const TAGS_MARK: &str = "x-edgeroute-tags";

/// A call made at build time (`next build`'s work, which edgeroute does at
/// startup and on regeneration) rather than for a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prerender {
  /// The GET of a route that stays static whatever it does
  /// (`dynamic = 'force-static'` or `'error'`, `revalidate = false`).
  Static,
  /// The GET of a `revalidate = N` route: an uncached fetch marks its
  /// answer with [`DYNAMIC_MARK`], and the answer is not kept.
  MayTurnDynamic,
  /// The GET of a `dynamic = 'error'` route: what would make it dynamic
  /// (reading the request, an uncached fetch) fails it instead.
  MustStayStatic,
  /// The module's `generateStaticParams()`: its list, as a JSON body
  /// (`null` when the module exports none).
  StaticParams,
}

/// A request handed to an isolate.
#[derive(Debug)]
pub struct RequestJob {
  /// HTTP method as received (`GET`, `POST`, ...).
  pub method: http::Method,
  /// The absolute URL the handler sees as `request.url`.
  pub url: String,
  /// Request headers.
  pub headers: http::HeaderMap,
  /// Request body, `None` when the request has none (GET/HEAD).
  pub body: Option<IncomingBody>,
  /// Route params; `None` for static routes (so `context.params` is
  /// `undefined`, as in Next.js).
  pub params: Option<Vec<(String, Param)>>,
  /// The exported function to call (`HEAD` requests may run `GET`).
  pub export: &'static str,
  /// Set when the module is the app's proxy (`proxy.ts`): the handler is
  /// then called as Next.js calls a proxy, `(request, event)`.
  pub proxy: Option<ProxyContext>,
  /// Set for a call made at build time rather than for a client.
  pub prerender: Option<Prerender>,
  /// Where the answer goes.
  pub respond: oneshot::Sender<HandlerOutcome>,
  /// Resolves when the client goes away before the answer is delivered.
  pub client: ClientGone,
}

/// What a handler produced for one request.
#[derive(Debug)]
pub enum HandlerOutcome {
  /// A Response: head and body (a fixed buffer or a live stream).
  Response(http::Response<ResponseBody>),
  /// The handler did not produce a usable Response.
  Failed(Failure),
}

/// Why a handler call failed. JS names the kind (`"threw"`,
/// `"notAResponse"`, `"invalid"`); this enum is the only list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FailureKind {
  /// The handler threw (or its promise rejected).
  Threw,
  /// The handler returned something other than a `Response`.
  NotAResponse,
  /// The handler asked for an answer the bridge cannot give.
  Invalid,
}

/// A failed handler call, with the message JS formatted (source-mapped
/// stack for throws).
#[derive(Debug, Clone)]
pub struct Failure {
  /// The kind of failure.
  pub kind: FailureKind,
  /// Human-readable details for the log.
  pub message: String,
}

/// What an isolate reports once it tried to load its route module.
#[derive(Debug, Clone)]
pub enum LoadReport {
  /// The module evaluated. Which exports are handlers is the embedder's
  /// rule (Next.js's method list), not this bridge's.
  Ready {
    /// Every export of the module: its name, and whether it is a function.
    exports: Vec<(String, bool)>,
  },
  /// Loading or evaluating the module failed.
  Failed(String),
}

/// Sends jobs to one isolate.
pub type JobSender = mpsc::Sender<RequestJob>;

/// Per-isolate state the bridge ops work on; put into `OpState` by the
/// runtime before the serve loop starts.
pub struct Inbox {
  pub(crate) jobs: mpsc::Receiver<RequestJob>,
  pub(crate) load_report: Option<oneshot::Sender<LoadReport>>,
  pub(crate) pending: RefCell<HashMap<u32, oneshot::Sender<HandlerOutcome>>>,
  /// Disconnect receivers of requests whose answer is not delivered yet
  /// and that nobody watches so far.
  pub(crate) clients: RefCell<HashMap<u32, ClientGone>>,
  pub(crate) next_id: u32,
  /// One clone per streamed response body still open.
  pub(crate) streams: Arc<()>,
}

impl Inbox {
  /// A new inbox reading `jobs`; the outcome of loading the route module
  /// is sent to `load_report`.
  pub fn new(
    jobs: mpsc::Receiver<RequestJob>,
    load_report: oneshot::Sender<LoadReport>,
  ) -> Self {
    Self {
      jobs,
      load_report: Some(load_report),
      pending: RefCell::new(HashMap::new()),
      clients: RefCell::new(HashMap::new()),
      next_id: 1,
      streams: Arc::new(()),
    }
  }

  /// Whether nothing more can come of this isolate: the server sends no
  /// more requests, none is queued, nobody waits for the answer of one
  /// still running (a caller that timed out stopped waiting), and no
  /// streamed body is open.
  pub fn is_drained(&self) -> bool {
    self.jobs.is_closed() && self.is_idle()
  }

  /// Whether nothing is in flight: no request waiting in the inbox, none
  /// whose answer someone still waits for, no response stream open.
  pub fn is_idle(&self) -> bool {
    self.jobs.is_empty()
      && self.pending.borrow().values().all(|tx| tx.is_closed())
      && Arc::strong_count(&self.streams) == 1
  }
}
