import { unstable_cache } from 'next/cache'

export const dynamic = 'force-dynamic'

// unstable_cache through the cacheHandler: `n` counts the real runs.
const count = unstable_cache(
  async (name: string) => {
    const res = await fetch(`${process.env.COUNTER_URL}/count/data-${name}`, { cache: 'no-store' })
    return (await res.json()) as { name: string; n: number }
  },
  ['data'],
  { revalidate: 60, tags: ['items'] },
)

export async function GET(request: Request) {
  return Response.json(await count(new URL(request.url).searchParams.get('name') ?? 'a'))
}
