// Loads the edge runtime's node:* built-ins into the startup snapshot and
// installs, per isolate (initProcess(), at boot before route code runs),
// the globals of the route's runtime: on the edge a `process` with env and
// nextTick and the edge Buffer (Next's edge bundles give a free `Buffer`
// the buffer polyfill); on Node.js deno_node's (30_nodejs.js).
import { core, primordials } from "ext:core/mod.js";
import { bootNodeJs } from "ext:edgeroute_node/30_nodejs.js";

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

/** The globals of `runtime` ("nodejs" or "edge") for the route module
 * `specifier`, with process.env from the app's environment (real env +
 * .env files). */
export function initProcess(runtime, specifier) {
  if (runtime === "nodejs") {
    bootNodeJs(specifier);
    globalThis.process.env.NEXT_RUNTIME = runtime;
    return;
  }
  process.env = op_node_process_env();
  process.env.NEXT_RUNTIME = runtime;
  // What Next.js's edge sandbox adds to the Web globals.
  const edge = {
    Buffer: core.loadExtScript("ext:edgeroute_node/01_buffer.js").Buffer,
    AsyncLocalStorage:
      core.loadExtScript("ext:edgeroute_node/03_async_hooks.js")
        .AsyncLocalStorage,
    EdgeRuntime: "edge-runtime",
    setImmediate(callback, ...args) {
      return setTimeout(callback, 0, ...args);
    },
    clearImmediate(handle) {
      clearTimeout(handle);
    },
  };
  for (const name in edge) {
    ObjectDefineProperty(globalThis, name, {
      __proto__: null,
      value: edge[name],
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}
