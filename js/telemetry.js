// `ext:deno_telemetry/telemetry.ts` as deno_fetch and deno_node's http
// clients load it: edgeroute has no tracing exporter (yet), so the hooks
// are in their "tracing disabled" shape and no span is ever started.
(function () {
const { internals, primordials } = __bootstrap;
const { Error, Symbol } = primordials;

const DID_NOT_ENTER = Symbol("edgeroute.telemetry.didNotEnter");
const otelState = {
  TRACING_ENABLED: false,
  METRICS_ENABLED: false,
  PROPAGATORS: [],
};

function builtinTracer() {
  throw new Error("tracing is disabled in edgeroute");
}

const ContextManager = {
  active() {
    return undefined;
  },
};

const telemetry = {
  otelState,
  TRACING_ENABLED: false,
  DID_NOT_ENTER,
  SPAN_KEY: Symbol("edgeroute.telemetry.span"),
  builtinTracer,
  ContextManager,
  enterSpan() {
    return DID_NOT_ENTER;
  },
  exitSpan() {},
  telemetry: { meterProvider: undefined },
};
internals.__telemetry = telemetry;
return telemetry;
})();
