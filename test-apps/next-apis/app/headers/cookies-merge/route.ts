// cookies() mutations merged with a Response that sets its own Set-Cookie:
// `same` is set by both (the Response's value wins), `store` only by
// cookies(), `own` only by the Response.
import { cookies } from 'next/headers'

export async function GET() {
  const store = await cookies()
  store.set('store', '1')
  store.set('same', 'from-store')
  const headers = new Headers({ 'content-type': 'text/plain' })
  headers.append('Set-Cookie', 'own=1')
  headers.append('Set-Cookie', 'same=from-response')
  return new Response('merged', { headers })
}
