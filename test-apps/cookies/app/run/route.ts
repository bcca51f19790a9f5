// Runs one case of test-apps/cookies/next-cookies.json (recorded from
// next@16.4.6) through edgeroute's next/server and next/headers, and
// answers with what edgeroute produced. runtime/tests/it/next_cookies.rs
// compares it with the recording.
import { NextRequest, NextResponse } from 'next/server'
import { cookies } from 'next/headers'

type Json = any

const revive = (value: Json): Json =>
  value && typeof value === 'object' && '$date' in value
    ? new Date(value.$date)
    : Array.isArray(value)
      ? value.map(revive)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]))
        : value

export async function POST(request: Request) {
  const { kind, frozenNow, testCase } = await request.json()
  if (kind === 'parse') {
    const req = new NextRequest('http://localhost/', { headers: { cookie: testCase.cookie } })
    return Response.json({ getAll: req.cookies.getAll() })
  }
  if (kind === 'serialize') {
    // Next's ResponseCookies reads Date.now() for maxAge; the recording froze it.
    const realNow = Date.now
    Date.now = () => frozenNow.$date
    try {
      const headers = new Headers()
      for (const line of testCase.existing ?? []) headers.append('set-cookie', line)
      let res: NextResponse
      try {
        res = new NextResponse(null, { headers })
        if (testCase.set) res.cookies.set(...(revive(testCase.set) as [any, any, any]))
        if (testCase.delete) res.cookies.delete(...(revive(testCase.delete) as [any]))
      } catch (error) {
        return Response.json({ error: String(error) })
      }
      return Response.json({ setCookie: res.headers.getSetCookie() })
    } finally {
      Date.now = realNow
    }
  }
  // merge: cookies() mutations plus the handler's own Set-Cookie lines.
  // The merge runs after this handler returns and reads Date.now() for
  // maxAge: keep it frozen until the next macrotask.
  const realNow = Date.now
  Date.now = () => frozenNow.$date
  setTimeout(() => {
    Date.now = realNow
  }, 0)
  const store = await cookies()
  for (const [op, ...args] of testCase.mutations) {
    if (op === 'set') store.set(...(revive(args) as [any, any, any]))
    else store.delete(...(revive(args) as [any]))
  }
  const headers = new Headers()
  for (const line of testCase.own) headers.append('set-cookie', line)
  return new Response('merged', { headers })
}
