// A 100 KB body.
import { BIG } from '../../lib/item'

export async function GET() {
  return new Response(BIG, { headers: { 'content-type': 'text/plain' } })
}
