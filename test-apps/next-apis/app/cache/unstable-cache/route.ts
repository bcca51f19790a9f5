// unstable_cache(fn, keys, { revalidate }) called twice in one request and
// again in the next request: `calls` counts how often fn really ran
// (module-level counter).
import { unstable_cache } from 'next/cache'

let calls = 0

const cached = unstable_cache(
  async (x: string) => {
    calls += 1
    return { x, call: calls }
  },
  ['edgeroute-unstable-cache'],
  { revalidate: 60 },
)

export async function GET() {
  const first = await cached('a')
  const second = await cached('a')
  const other = await cached('b')
  return Response.json({ first, second, other, calls })
}
