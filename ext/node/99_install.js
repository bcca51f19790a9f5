// Loads the node:* built-ins into the startup snapshot and installs the
// global `process` (env only, plus nextTick). Its env is filled per isolate
// by initProcess(), called at boot before route code runs.
import { core, primordials } from "ext:core/mod.js";

const { ObjectDefineProperty, queueMicrotask } = primordials;
const { op_node_process_env } = core.ops;

for (
  const script of [
    "01_buffer.js",
    "02_events.js",
    "03_async_hooks.js",
    "04_util.js",
    "05_assert.js",
    "06_crypto.js",
    "20_require.js",
  ]
) {
  core.loadExtScript(`ext:edgeroute_node/${script}`);
}

const process = {
  env: {},
  nextTick(callback, ...args) {
    queueMicrotask(() => callback(...args));
  },
};

ObjectDefineProperty(globalThis, "process", {
  __proto__: null,
  value: process,
  enumerable: false,
  configurable: true,
  writable: true,
});

/** Fills process.env from the app's environment (real env + .env files). */
export function initProcess() {
  process.env = op_node_process_env();
}
