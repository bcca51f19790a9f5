// cookies().delete then has()/get(): the deleted cookie (sent by the client)
// is gone for the rest of the handler and a deletion Set-Cookie goes out.
import { cookies } from 'next/headers'

export async function GET() {
  const store = await cookies()
  const hadIt = store.has('victim')
  store.delete('victim')
  store.delete({ name: 'scoped', path: '/scoped' })
  return Response.json({
    hadIt,
    hasAfterDelete: store.has('victim'),
    getAfterDelete: store.get('victim') ?? null,
    getAll: store.getAll(),
  })
}
