export const dynamic = 'force-dynamic'

// A cached fetch through the cacheHandler.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/fetched`, {
    next: { revalidate: 60, tags: ['fetched'] },
  })
  return Response.json(await res.json())
}
