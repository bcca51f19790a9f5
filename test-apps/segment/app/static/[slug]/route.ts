// Prerendered per path on first request (no generateStaticParams), kept forever.
export const dynamic = 'force-static'

let renders = 0

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  renders += 1
  const { slug } = await params
  // `render` names this render whichever isolate ran it.
  const render = crypto.randomUUID()
  return Response.json({ slug, renders, render }, { headers: { 'x-rendered': String(renders) } })
}
