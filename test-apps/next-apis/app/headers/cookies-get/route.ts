// cookies().get/getAll/has/size in a route handler, before and after a set:
// get() returns the cookie object as stored ({ name, value, path, ... }).
// (The store is a ResponseCookies: it has no `size`, reported as null.)
import { cookies } from 'next/headers'

export async function GET() {
  const store = await cookies()
  const before = {
    incoming: store.get('incoming') ?? null,
    getAll: store.getAll(),
    has: store.has('incoming'),
    size: store.size ?? null,
  }
  store.set('fresh', 'v', { path: '/p', httpOnly: true })
  store.set({ name: 'incoming', value: 'overwritten' })
  const after = {
    fresh: store.get('fresh') ?? null,
    incoming: store.get('incoming') ?? null,
    getAll: store.getAll(),
    size: store.size ?? null,
    toString: store.toString(),
  }
  return Response.json({ before, after })
}
