import { revalidateTag, unstable_cache } from 'next/cache'

export const dynamic = 'force-dynamic'

const count = unstable_cache(
  async () => {
    const res = await fetch(`${process.env.COUNTER_URL}/count/inside`, { cache: 'no-store' })
    return ((await res.json()) as { n: number }).n
  },
  ['inside'],
  { tags: ['inside'] },
)

// A tag invalidated earlier in the same request makes the request's own
// reads of it miss, whatever the profile.
export async function GET() {
  const first = await count()
  const again = await count()
  revalidateTag('inside', 'max')
  const after = await count()
  return Response.json({ first, again, after })
}
