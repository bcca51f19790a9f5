import { arrow, byOptions } from '../../lib/data'

// Equal arguments share an entry; the key follows the values.
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams
  const kind = q.get('kind') ?? 'a'
  const page = q.get('page')
  const value = page === null ? await byOptions({ kind }) : await byOptions({ kind, page: Number(page) })
  return Response.json({ value, arrow: await arrow(kind) })
}
