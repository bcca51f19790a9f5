// `ext:deno_telemetry/util.ts`: span updates, which do nothing while
// tracing is disabled (see telemetry.js).
(function () {
const { internals } = __bootstrap;

const util = {
  updateSpanFromClientResponse() {},
  updateSpanFromError() {},
  updateSpanFromRequest() {},
};
internals.__telemetryUtil = util;
return util;
})();
