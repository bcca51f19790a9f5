export const dynamic = 'force-static'

// force-static beside a POST: Next.js never prerenders the GET.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/static-with-post`, { cache: 'no-store' })
  return Response.json(await res.json())
}

export async function POST() {
  return Response.json({ posted: true })
}
