export const dynamic = 'force-static'

// Rendered at build for each listed id; others on first request.
export async function generateStaticParams() {
  return [{ id: 'one' }, { id: 'two' }]
}

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const res = await fetch(`${process.env.COUNTER_URL}/count/items-${id}`, { cache: 'no-store' })
  return Response.json({ id, ...(await res.json()) })
}
