export const dynamic = 'force-static'
// Only the listed ids exist: the others are 404.
export const dynamicParams = false

export function generateStaticParams() {
  return [{ id: 'one' }]
}

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const res = await fetch(`${process.env.COUNTER_URL}/count/closed-${id}`, { cache: 'no-store' })
  return Response.json({ id, ...(await res.json()) })
}
