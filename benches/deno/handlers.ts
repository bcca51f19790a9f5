// `deno serve` module for benches/handlers: the handlers of
// benches/apps/handlers as a fetch function (benches/lib/fetch-handlers.ts,
// shared with workerd); the upstream's origin from BENCH_UPSTREAM.
import { handle } from '../lib/fetch-handlers.ts'

const upstream = Deno.env.get('BENCH_UPSTREAM') ?? ''

export default {
  fetch: (request: Request) => handle(request, upstream),
}
