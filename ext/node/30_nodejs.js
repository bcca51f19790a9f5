// Booting an isolate whose route runs on the Node.js runtime (Next.js's
// default): deno_node's `process` (bootstrapped for this isolate), and the
// globals Node gives every module - Buffer, process, global, setImmediate
// and Node's timers, as `next start` on Node shows them. Edge routes never
// run this and keep the edge surface.
import { core, internals, primordials } from "ext:core/mod.js";
import { bootDeno, Deno } from "ext:edgeroute_node/11_deno.js";

const { ObjectDefineProperty, decodeURIComponent } = primordials;
const { URL } = core.loadExtScript("ext:deno_web/00_url.js");

function define(name, value) {
  ObjectDefineProperty(globalThis, name, {
    __proto__: null,
    value,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

// The Node layer (node:process and what it pulls in, Buffer, timers,
// AsyncLocalStorage): compiled per isolate from deno_node's sources, not in
// the snapshot (deno_core 0.413 re-links a lazy ES module evaluated into
// the snapshot to another file's source at run time, so its functions
// cannot compile lazily). The app's spare isolate loads it ahead of need
// (`preloadNodeJs`, from warm()); loading it does not bootstrap it:
// internals.__nodeBootstrapArgs is unset until bootNodeJs.
let layer;

function loadLayer() {
  layer ??= {
    process: core.createLazyLoader("node:process")().default,
    Buffer: core.createLazyLoader("node:buffer")().Buffer,
    timers: core.createLazyLoader("node:timers")(),
    AsyncLocalStorage:
      core.createLazyLoader("node:async_hooks")().AsyncLocalStorage,
  };
  return layer;
}

let bootstrapped = false;

/** Bootstraps deno_node's `process` for this isolate (once): argv,
 * versions, nextTick, lazy stdio. The route comes later: bootNodeJs gives
 * `process.argv[1]` its file. */
function bootstrapProcess() {
  if (bootstrapped) {
    return;
  }
  // What deno_node's deferred bootstrap reads: node:module completes its
  // part from these when it is first loaded.
  const args = {
    usesLocalNodeModulesDir: true,
    runningOnMainThread: true,
    argv0: "node",
    nodeDebug: "",
    denoArgs: Deno.args,
    denoVersion: Deno.version,
  };
  internals.__nodeBootstrapArgs = args;
  internals.__bootstrapNodeProcess(
    args.argv0,
    args.denoArgs,
    args.denoVersion,
    args.nodeDebug,
    false,
    args.runningOnMainThread,
  );
  bootstrapped = true;
}

/** Compiles and bootstraps the Node layer now (an isolate booted ahead of
 * need), so that a Node.js route given this isolate later does not wait
 * for it. Nothing of it is visible until bootNodeJs installs the globals. */
export function preloadNodeJs() {
  loadLayer();
  bootDeno(undefined);
  bootstrapProcess();
}

/** Makes this isolate a Node.js one, for the route module `specifier`. */
export function bootNodeJs(specifier) {
  const { process, Buffer, timers, AsyncLocalStorage } = loadLayer();
  bootDeno(specifier);
  internals.edgerouteCreateRequire =
    core.loadExtScript("ext:edgeroute_node/20_require.js").createRequire;
  bootstrapProcess();
  // Node's argv[1] is the entry script: here, the route's file.
  process.argv[1] = decodeURIComponent(new URL(specifier).pathname);
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
