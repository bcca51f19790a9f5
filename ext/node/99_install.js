// Loads the node:* built-ins into the startup snapshot and installs the
// global `process` (env only, plus nextTick). Its env is filled per isolate
// by initProcess(), called at boot before route code runs.
import { core, primordials } from "ext:core/mod.js";

const { ObjectDefineProperty, queueMicrotask } = primordials;
const { op_node_builtin_scripts, op_node_process_env } = core.ops;

// The scripts behind the built-ins and require() (BUILTINS in lib.rs).
const scripts = op_node_builtin_scripts();
for (let i = 0; i < scripts.length; i++) {
  core.loadExtScript(scripts[i]);
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
