import { unstable_cache } from 'next/cache'

export const dynamic = 'force-dynamic'

// A miss returns the function's own value (a Date); a hit, the value
// parsed from the stored JSON (a string).
const stamp = unstable_cache(
  async () => {
    const res = await fetch(`${process.env.COUNTER_URL}/count/date`, { cache: 'no-store' })
    const { n } = (await res.json()) as { n: number }
    return { n, at: new Date(Date.UTC(2026, 0, n)) }
  },
  ['date'],
  { tags: ['dates'] },
)

export async function GET() {
  const { n, at } = await stamp()
  return Response.json({ n, isDate: at instanceof Date, type: typeof at })
}
