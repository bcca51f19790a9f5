// Entry point of the startup snapshot: installs globals, wires unhandled
// errors to the log and leaves `serve` (and `warm`) where the
// isolate host picks it up once (see runtime/isolate/src/worker.rs).
import { core } from "ext:core/mod.js";
import { setTimeOrigin } from "ext:edgeroute_runtime/01_globals.js";
import {
  installCachingFetch,
  loadNextConfig,
} from "ext:edgeroute_next/99_install.js";
import { initProcess } from "ext:edgeroute_node/99_install.js";
import {
  nodeRejectionHandler,
  preloadNodeJs,
} from "ext:edgeroute_node/30_nodejs.js";
import {
  describeError,
  serve,
  warm,
} from "ext:edgeroute_http/03_serve.js";

// A rejected promise nobody handles is a bug in route code, not a reason to
// stop the isolate: log it and keep serving (Next.js logs it too).
// On Node.js, `process.on("unhandledRejection")` listeners see it first.
core.setUnhandledPromiseRejectionHandler((promise, reason) => {
  const node = nodeRejectionHandler();
  if (node !== undefined) {
    const event = { promise, reason, defaultPrevented: false };
    event.preventDefault = () => {
      event.defaultPrevented = true;
    };
    node(event);
    if (event.defaultPrevented) {
      return true;
    }
  }
  core.print(`Unhandled promise rejection: ${describeError(reason)}\n`, true);
  return true;
});
core.setReportExceptionCallback((error) => {
  core.print(`Uncaught error: ${describeError(error)}\n`, true);
});

globalThis.__edgerouteBoot = {
  serve(specifier, runtime) {
    // deno_core needs `Deno.core` while it sets up ops for a new isolate;
    // once that is done, route code must not see any Deno internals.
    delete globalThis.Deno;
    delete globalThis.__bootstrap;
    setTimeOrigin();
    initProcess(runtime, specifier);
    installCachingFetch(runtime);
    return serve(specifier);
  },
  // A throwaway isolate at startup: evaluates next.config on the Node.js
  // runtime and resolves to it as JSON (runtime/isolate/src/evaluate.rs).
  config(specifier, file) {
    delete globalThis.Deno;
    delete globalThis.__bootstrap;
    setTimeOrigin();
    initProcess("nodejs", specifier);
    return loadNextConfig(specifier, file);
  },
  // An isolate booted ahead of need runs this before it has a route; with
  // `nodejs`, when the app has Node.js routes, it also compiles the Node
  // layer they need.
  warm(nodejs) {
    if (nodejs) {
      preloadNodeJs();
    }
    return warm();
  },
};
