// "Cookies", first form: read, set and delete with cookies() from next/headers.
// The reference ends after the three calls; returning `{ a }` makes the read
// observable (the set and the delete show up as Set-Cookie headers).
import { cookies } from 'next/headers'
import type { NextRequest } from 'next/server'

export async function GET(request: NextRequest) {
  const cookieStore = await cookies()
  const a = cookieStore.get('a')
  const b = cookieStore.set('b', '1')
  const c = cookieStore.delete('c')
  return Response.json({ a })
}
