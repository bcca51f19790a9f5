// GET /static — the same answer, prerendered (x-nextjs-cache: HIT): served
// from the stored answer without entering JS.
export const dynamic = 'force-static'

export async function GET() {
  return Response.json({ hello: 'world' })
}
