import { unstable_cache } from 'next/cache'

export const dynamic = 'force-dynamic'

// How often the function really ran shows in `n`: the counter counts
// every call that reaches it.
const count = unstable_cache(
  async (name: string) => {
    const res = await fetch(`${process.env.COUNTER_URL}/count/${name}`, { cache: 'no-store' })
    return (await res.json()) as { name: string; n: number }
  },
  ['data'],
  { revalidate: 2, tags: ['items'] },
)

export async function GET(request: Request) {
  const name = new URL(request.url).searchParams.get('name') ?? 'a'
  return Response.json(await count(name))
}
