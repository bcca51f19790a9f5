// GET /api/items/<id> — a dynamic segment: one catalogue item, made up
// from its id (deterministic), or 400 for an id that is not a number.
import { tag } from '../../../_lib/soak'

const COLOURS = ['red', 'green', 'blue', 'black', 'white']

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params
  const n = Number(id)
  if (!Number.isSafeInteger(n) || n < 0) {
    return Response.json({ error: `no item ${id}` }, { status: 400, headers: tag(request, 'items') })
  }
  return Response.json(
    {
      id: n,
      name: `Item ${n}`,
      price: ((n * 7919) % 10000) / 100,
      colour: COLOURS[n % COLOURS.length],
      inStock: n % 3 !== 0,
      related: [n + 1, n + 2, n + 3],
    },
    { headers: tag(request, 'items', { 'cache-control': 'public, max-age=60' }) },
  )
}
