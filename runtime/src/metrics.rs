//! What the server counts, as Prometheus metrics: served by `--metrics
//! ADDR` and readable from the crate ([`App::metrics`](crate::App::metrics)).
//!
//! Labels are bounded by the route table, never by raw URLs: `route` is a
//! route's pattern (`/api/users/[id]`) or one of the fixed names of
//! answers no route gave ([`Served`]); `method` is one of HTTP's nine or
//! `OTHER`; `code` is a status class (`2xx` … `5xx`).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use edgeroute_isolate::PoolStats;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
  DescriptorEncoder, EncodeLabelSet, EncodeMetric,
};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Who gave an answer, for the metrics and the access log: set on every
/// answer by the request path.
#[derive(Debug, Clone)]
pub(crate) struct Served {
  /// The route's pattern, or `(public)`, `(redirect)`, `(proxy)`,
  /// `(external)`, `(not found)`, `(server)` (the server's own answers:
  /// 400, 413, ...).
  pub route: Arc<str>,
  /// The isolate that ran the handler, when one did.
  pub isolate: Option<u64>,
}

impl Served {
  pub(crate) fn by(route: &str) -> Served {
    Served {
      route: Arc::from(route),
      isolate: None,
    }
  }
}

/// Latency buckets, in seconds: 1 ms to 10 s.
const BUCKETS: [f64; 13] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
  route: Arc<str>,
  method: &'static str,
  code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteMethod {
  route: Arc<str>,
  method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteKind {
  route: Arc<str>,
  kind: &'static str,
}

/// A limit a handler broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Breach {
  Cpu,
  Heap,
  Wall,
}

impl Breach {
  fn label(self) -> &'static str {
    match self {
      Breach::Cpu => "cpu",
      Breach::Heap => "heap",
      Breach::Wall => "wall",
    }
  }
}

/// The app's counters. Cheap to update from any thread.
#[derive(Debug)]
pub struct Metrics {
  registry: Registry,
  requests: Family<RequestLabels, Counter>,
  duration: Family<RouteMethod, Histogram, fn() -> Histogram>,
  in_flight: Family<RouteMethod, Gauge>,
  overloaded: Family<RouteMethod, Counter>,
  breaches: Family<RouteKind, Counter>,
  connections: Gauge,
}

impl Default for Metrics {
  fn default() -> Self {
    Self::new()
  }
}

fn histogram() -> Histogram {
  Histogram::new(BUCKETS)
}

impl Metrics {
  pub(crate) fn new() -> Metrics {
    let mut registry = Registry::with_prefix("edgeroute");
    let requests = Family::default();
    let duration: Family<RouteMethod, Histogram, fn() -> Histogram> =
      Family::new_with_constructor(histogram);
    let in_flight = Family::default();
    let overloaded = Family::default();
    let breaches = Family::default();
    let connections = Gauge::default();
    registry.register(
      "http_requests",
      "Requests answered, by route, method and status class",
      requests.clone(),
    );
    registry.register(
      "http_request_duration_seconds",
      "Time from a request's arrival to its answer's head, by route and method",
      duration.clone(),
    );
    registry.register(
      "http_requests_in_flight",
      "Requests a route's handler is running, by route and method",
      in_flight.clone(),
    );
    registry.register(
      "route_overloaded",
      "Requests answered 503 because no isolate of the route was free in time",
      overloaded.clone(),
    );
    registry.register(
      "route_limit_breaches",
      "Requests whose handler broke a limit (cpu, heap: isolate terminated; wall: 504)",
      breaches.clone(),
    );
    registry.register(
      "open_connections",
      "Client connections open on the server",
      connections.clone(),
    );
    Metrics {
      registry,
      requests,
      duration,
      in_flight,
      overloaded,
      breaches,
      connections,
    }
  }

  /// Counts one answered request.
  pub(crate) fn answered(
    &self,
    served: &Served,
    method: &http::Method,
    status: http::StatusCode,
    took: Duration,
  ) {
    let method = method_label(method);
    self
      .requests
      .get_or_create(&RequestLabels {
        route: served.route.clone(),
        method,
        code: status_class(status),
      })
      .inc();
    self
      .duration
      .get_or_create(&RouteMethod {
        route: served.route.clone(),
        method,
      })
      .observe(took.as_secs_f64());
  }

  /// Counts a handler call until the guard drops.
  pub(crate) fn running(
    &self,
    route: &Arc<str>,
    method: &http::Method,
  ) -> InFlight {
    let gauge = self.in_flight.get_or_create_owned(&RouteMethod {
      route: route.clone(),
      method: method_label(method),
    });
    gauge.inc();
    InFlight(gauge)
  }

  pub(crate) fn overloaded(&self, route: &Arc<str>, method: &http::Method) {
    self
      .overloaded
      .get_or_create(&RouteMethod {
        route: route.clone(),
        method: method_label(method),
      })
      .inc();
  }

  pub(crate) fn breached(&self, route: &Arc<str>, breach: Breach) {
    self
      .breaches
      .get_or_create(&RouteKind {
        route: route.clone(),
        kind: breach.label(),
      })
      .inc();
  }

  /// Counts an open connection until the guard drops.
  pub(crate) fn connection(&self) -> InFlight {
    self.connections.inc();
    InFlight(self.connections.clone())
  }

  /// Requests answered so far for `route` (a pattern, or `(public)`,
  /// `(redirect)`, `(proxy)`, `(external)`, `(not found)`, `(server)`),
  /// `method` and status `class` (`"2xx"`, …).
  pub fn requests(&self, route: &str, method: &str, class: &str) -> u64 {
    let Some(code) = class_label(class) else {
      return 0;
    };
    self
      .requests
      .get(&RequestLabels {
        route: Arc::from(route),
        method: method
          .parse::<http::Method>()
          .map_or("OTHER", |method| method_label(&method)),
        code,
      })
      .map_or(0, |counter| counter.get())
  }

  /// Client connections open now.
  pub fn open_connections(&self) -> i64 {
    self.connections.get()
  }

  /// The Prometheus text exposition of these counters, the pools' state
  /// (`pools`: by route pattern) and the process's.
  pub(crate) fn render(&self, pools: Vec<(String, PoolStats)>) -> String {
    let mut scrape = Registry::with_prefix("edgeroute");
    scrape.register_collector(Box::new(Pools(pools)));
    scrape.register_collector(Box::new(Process));
    let mut out = String::new();
    let encoded = prometheus_client::encoding::text::encode_registry(
      &mut out,
      &self.registry,
    )
    .and_then(|()| {
      prometheus_client::encoding::text::encode_registry(&mut out, &scrape)
    })
    .and_then(|()| prometheus_client::encoding::text::encode_eof(&mut out));
    if encoded.is_err() {
      // Writing to a String does not fail; say so if it ever does.
      let _ = writeln!(out, "# encoding failed");
    }
    out
  }
}

/// Decrements its gauge when dropped.
#[derive(Debug)]
pub(crate) struct InFlight(Gauge);

impl Drop for InFlight {
  fn drop(&mut self) {
    self.0.dec();
  }
}

fn method_label(method: &http::Method) -> &'static str {
  match *method {
    http::Method::GET => "GET",
    http::Method::HEAD => "HEAD",
    http::Method::POST => "POST",
    http::Method::PUT => "PUT",
    http::Method::DELETE => "DELETE",
    http::Method::PATCH => "PATCH",
    http::Method::OPTIONS => "OPTIONS",
    http::Method::CONNECT => "CONNECT",
    http::Method::TRACE => "TRACE",
    _ => "OTHER",
  }
}

fn status_class(status: http::StatusCode) -> &'static str {
  match status.as_u16() {
    100..=199 => "1xx",
    200..=299 => "2xx",
    300..=399 => "3xx",
    400..=499 => "4xx",
    _ => "5xx",
  }
}

fn class_label(class: &str) -> Option<&'static str> {
  ["1xx", "2xx", "3xx", "4xx", "5xx"]
    .into_iter()
    .find(|known| *known == class)
}

/// The routes' pools at scrape time.
#[derive(Debug)]
struct Pools(Vec<(String, PoolStats)>);

impl Collector for Pools {
  fn encode(
    &self,
    mut encoder: DescriptorEncoder,
  ) -> Result<(), std::fmt::Error> {
    type Read = fn(&PoolStats) -> u64;
    let gauges: [(&str, &str, Read); 4] = [
      ("route_isolates_live", "Isolates serving a route", |s| {
        s.isolates as u64
      }),
      (
        "route_isolates_starting",
        "Isolates of a route being started",
        |s| s.starting as u64,
      ),
      (
        "route_queue_depth",
        "Requests waiting for a free isolate of a route",
        |s| s.queued as u64,
      ),
      (
        "route_js_heap_used_bytes",
        "V8 heap used by a route's isolates (sampled every 100 ms)",
        |s| s.heap_used as u64,
      ),
    ];
    for (name, help, read) in gauges {
      let gauge = ConstGauge::new(0i64);
      let mut family =
        encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
      for (route, stats) in &self.0 {
        let value = i64::try_from(read(stats)).unwrap_or(i64::MAX);
        let labels = [("route", route.as_str())];
        ConstGauge::new(value).encode(family.encode_family(&labels)?)?;
      }
    }
    let counters: [(&str, &str, Read); 2] = [
      (
        "route_isolates_started",
        "Isolates started for a route",
        |s| s.started,
      ),
      (
        "route_isolates_retired",
        "Isolates of a route retired or terminated",
        |s| s.retired,
      ),
    ];
    for (name, help, read) in counters {
      let counter = ConstCounter::new(0u64);
      let mut family =
        encoder.encode_descriptor(name, help, None, counter.metric_type())?;
      for (route, stats) in &self.0 {
        let labels = [("route", route.as_str())];
        ConstCounter::new(read(stats))
          .encode(family.encode_family(&labels)?)?;
      }
    }
    Ok(())
  }
}

/// The process: resident memory (Linux's `/proc/self/statm`).
#[derive(Debug)]
struct Process;

impl Collector for Process {
  fn encode(
    &self,
    mut encoder: DescriptorEncoder,
  ) -> Result<(), std::fmt::Error> {
    if let Some(bytes) = resident_bytes() {
      let gauge = ConstGauge::new(i64::try_from(bytes).unwrap_or(i64::MAX));
      let metric = encoder.encode_descriptor(
        "process_resident_memory_bytes",
        "Resident memory of the edgeroute process",
        None,
        gauge.metric_type(),
      )?;
      gauge.encode(metric)?;
    }
    Ok(())
  }
}

fn resident_bytes() -> Option<u64> {
  let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
  let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
  // The page size: 4 KiB on the platforms edgeroute runs on.
  Some(pages * 4096)
}
