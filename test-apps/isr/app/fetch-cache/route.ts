export const fetchCache = 'force-cache'

// A dynamic GET whose plain fetch is cached by the segment's fetchCache.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/fetch-cache`)
  return Response.json(await res.json())
}
