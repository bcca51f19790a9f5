export const dynamic = 'force-static'

// No generateStaticParams: nothing rendered at build.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const res = await fetch(`${process.env.COUNTER_URL}/count/open-${id}`, { cache: 'no-store' })
  return Response.json({ id, ...(await res.json()) })
}
