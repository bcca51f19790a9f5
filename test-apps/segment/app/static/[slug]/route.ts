// Prerendered per path on first request (no generateStaticParams), kept forever.
export const dynamic = 'force-static'

let renders = 0

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  renders += 1
  const { slug } = await params
  return Response.json({ slug, renders }, { headers: { 'x-rendered': String(renders) } })
}
