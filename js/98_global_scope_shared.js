// `ext:runtime/98_global_scope_shared.js`, which deno_node's node:console
// reads the global console from (Deno's runtime defines it; edgeroute's
// globals are in 01_globals.js).
import { globalConsole } from "ext:edgeroute_runtime/01_globals.js";

export const windowOrWorkerGlobalScope = {
  console: { value: globalConsole, enumerable: false, configurable: true, writable: true },
};
