// Makes every route handler call go through next/*'s runner (NextRequest,
// request store, navigation errors, cookie merging).
import { core } from "ext:core/mod.js";
import {
  expectResponse,
  setHandlerCaller,
} from "ext:edgeroute_http/03_serve.js";

const { op_next_module_scripts } = core.ops;

const { handlerCaller } = core.loadExtScript(
  "ext:edgeroute_next/05_handler.js",
);
setHandlerCaller(handlerCaller(expectResponse));
// Load the public modules now, so they are part of the snapshot (MODULES
// in lib.rs).
const scripts = op_next_module_scripts();
for (let i = 0; i < scripts.length; i++) {
  core.loadExtScript(scripts[i]);
}

const { loadNextConfig: load } = core.loadExtScript(
  "ext:edgeroute_next/14_config.js",
);

const { cachingFetch } = core.loadExtScript("ext:edgeroute_next/15_fetch.js");
const { setRuntime } = core.loadExtScript(
  "ext:edgeroute_next/09_cache_handler.js",
);

/**
 * Puts Next.js's data cache in front of the global fetch, as Next.js
 * patches it, before route code runs (js/99_main.js); `runtime` decides
 * whether next.config's cacheHandler may run.
 */
export function installCachingFetch(runtime) {
  setRuntime(runtime);
  globalThis.fetch = cachingFetch(globalThis.fetch);
}

/** Evaluates next.config (runtime/isolate/src/evaluate.rs calls it). */
export function loadNextConfig(specifier, file) {
  return load(specifier, file);
}
