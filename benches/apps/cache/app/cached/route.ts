import { unstable_cache } from 'next/cache'

// GET /cached — the handler runs per request and reads its answer from the
// data cache: a HIT from the second request on.
export const dynamic = 'force-dynamic'

const hello = unstable_cache(async () => ({ hello: 'world' }), ['bench-hello'])

export async function GET() {
  return Response.json(await hello())
}
