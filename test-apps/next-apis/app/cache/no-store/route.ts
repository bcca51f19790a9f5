// unstable_noStore(): opts out of static rendering; in a (dynamic by
// default) route handler nothing visible changes.
import { unstable_noStore as noStore } from 'next/cache'

export function GET() {
  noStore()
  return Response.json({ noStore: 'called' })
}
