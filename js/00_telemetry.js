// deno_fetch's `fetch` consults Deno's OpenTelemetry hooks through
// `internals.__telemetry*`. edgeroute has no tracing exporter (yet), so it
// installs the hooks in their "tracing disabled" shape: fetch checks
// `TRACING_ENABLED` and never starts a span.
import { internals } from "ext:core/mod.js";

const DID_NOT_ENTER = Symbol("edgeroute.telemetry.didNotEnter");

internals.__telemetry = {
  TRACING_ENABLED: false,
  DID_NOT_ENTER,
  builtinTracer() {
    throw new Error("tracing is disabled in edgeroute");
  },
  ContextManager: {
    active() {
      return undefined;
    },
  },
  enterSpan() {
    return DID_NOT_ENTER;
  },
  exitSpan() {},
};

internals.__telemetryUtil = {
  updateSpanFromClientResponse() {},
  updateSpanFromError() {},
  updateSpanFromRequest() {},
};
