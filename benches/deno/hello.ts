// `deno serve` module for benches/run: the same route file edgeroute and
// `next start` serve, called for every request.
import { GET } from '../apps/hello/app/hello/route.ts'

export default {
  fetch: () => GET(),
}
