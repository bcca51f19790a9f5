// A Response's own Set-Cookie whose value does not percent-decode, plus a
// cookies() mutation: the merge has to parse the own line (?line= picks
// another one). Without the mutation (?read-only) the line is sent as is.
import { cookies } from 'next/headers'
import { type NextRequest } from 'next/server'

export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams
  if (!q.has('read-only')) (await cookies()).set('store', '1')
  const headers = new Headers({ 'content-type': 'text/plain' })
  headers.append('Set-Cookie', q.get('line') ?? 'bad=%E0%A4%A')
  return new Response('merged', { headers })
}
