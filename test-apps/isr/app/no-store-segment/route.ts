export const fetchCache = 'force-no-store'

// The segment says no-store; the fetch asks for force-cache.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/no-store-segment`, { cache: 'force-cache' })
  return Response.json(await res.json())
}
