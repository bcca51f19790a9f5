export const dynamic = 'force-static'

// Prerendered: the counter shows whether the handler ran again.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/static-only`, { cache: 'no-store' })
  return Response.json(await res.json())
}
