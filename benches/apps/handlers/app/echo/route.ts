// A JSON POST validated with zod and echoed.
import { Item } from '../../lib/item'

export async function POST(request: Request) {
  const parsed = Item.safeParse(await request.json())
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues }, { status: 400 })
  }
  return Response.json(parsed.data)
}
