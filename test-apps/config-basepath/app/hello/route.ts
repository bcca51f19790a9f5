import type { NextRequest } from 'next/server'
import { json, seen } from '../_lib/echo'

// Sets its own headers: `x-route-own` (no rule touches it) and `x-shared`,
// which a headers() rule also sets; plus a cookie of its own.
export async function GET(request: NextRequest) {
  const headers = new Headers()
  headers.set('x-route-own', 'route')
  headers.set('x-shared', 'from-route')
  headers.append('set-cookie', 'route-cookie=1; Path=/docs')
  return json({ route: '/hello', ...(await seen(request)) }, { headers })
}

export async function POST(request: NextRequest) {
  return json({ route: '/hello', body: await request.text(), ...(await seen(request)) })
}
