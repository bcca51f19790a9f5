// Booting an isolate whose route runs on the Node.js runtime (Next.js's
// default): deno_node's `process` (bootstrapped for this isolate), and the
// globals Node gives every module - Buffer, process, global, setImmediate
// and Node's timers, as `next start` on Node shows them. Edge routes never
// run this and keep the edge surface.
import { core, internals, primordials } from "ext:core/mod.js";
import { bootDeno, Deno } from "ext:edgeroute_node/11_deno.js";

const { ObjectDefineProperty } = primordials;

function define(name, value) {
  ObjectDefineProperty(globalThis, name, {
    __proto__: null,
    value,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** Makes this isolate a Node.js one, for the route module `specifier`. */
export function bootNodeJs(specifier) {
  bootDeno(specifier);
  internals.edgerouteCreateRequire =
    core.loadExtScript("ext:edgeroute_node/20_require.js").createRequire;
  // node:process bootstraps itself from these when it is first evaluated
  // (deno_node's deferred bootstrap); node:module completes the rest.
  internals.__nodeBootstrapArgs = {
    usesLocalNodeModulesDir: true,
    runningOnMainThread: true,
    argv0: "node",
    nodeDebug: "",
    denoArgs: Deno.args,
    denoVersion: Deno.version,
  };
  const process = core.createLazyLoader("node:process")().default;
  const { Buffer } = core.createLazyLoader("node:buffer")();
  const timers = core.createLazyLoader("node:timers")();
  const { AsyncLocalStorage } = core.createLazyLoader("node:async_hooks")();
  define("process", process);
  define("Buffer", Buffer);
  define("global", globalThis);
  // Next.js's Node environment makes it a global too.
  define("AsyncLocalStorage", AsyncLocalStorage);
  define("setImmediate", timers.setImmediate);
  define("clearImmediate", timers.clearImmediate);
  define("setTimeout", timers.setTimeout);
  define("clearTimeout", timers.clearTimeout);
  define("setInterval", timers.setInterval);
  define("clearInterval", timers.clearInterval);
}

/** What a handler's unhandled rejection is first shown to (Node's
 * `process.on("unhandledRejection")`), when this isolate runs Node. */
export function nodeRejectionHandler() {
  return internals.nodeProcessUnhandledRejectionCallback;
}
