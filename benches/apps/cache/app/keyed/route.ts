import { unstable_cache } from 'next/cache'

// GET /keyed?k=K — one data-cache entry per K: benches/cache asks for every
// K twice (a miss that stores, then a hit), to show what the store behind
// memory adds (Redis against memory alone).
export const dynamic = 'force-dynamic'

const hello = unstable_cache(async (_key: string) => ({ hello: 'world' }), ['bench-keyed'])

export async function GET(request: Request) {
  const key = new URL(request.url).searchParams.get('k') ?? ''
  return Response.json(await hello(key))
}
