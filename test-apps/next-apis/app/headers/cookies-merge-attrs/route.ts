// When cookies() was mutated, Next.js parses the Response's own Set-Cookie
// lines and writes them again: attribute names, case, order and value
// encoding change. Lines without a name=value or with an unknown attribute
// show what survives. (No Max-Age here: it would add a time-dependent Expires.)
import { cookies } from 'next/headers'

export async function GET() {
  ;(await cookies()).set('store', '1')
  const headers = new Headers()
  headers.append('Set-Cookie', 'spaced=a b; domain=Example.COM; path=/p; samesite=LAX; httponly; secure; priority=HIGH; partitioned')
  headers.append('Set-Cookie', 'dated=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT')
  headers.append('Set-Cookie', 'encoded=%E2%9C%93; Path=/')
  headers.append('Set-Cookie', 'odd=1; SameSite=Weird; Unknown=2; Priority=urgent')
  headers.append('Set-Cookie', 'noequals')
  return new Response('merged', { headers })
}
