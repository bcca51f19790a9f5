// workerd module for benches/handlers: the handlers of
// benches/apps/handlers as a fetch function (benches/lib/fetch-handlers.ts,
// shared with deno serve). workerd loads JavaScript only: benches/handlers
// bundles this file with it and zod (esbuild) into one module. The
// upstream's origin is the BENCH_UPSTREAM text binding.
import { handle } from '../lib/fetch-handlers.ts'

export default {
  fetch: (request, env) => handle(request, env.BENCH_UPSTREAM),
}
