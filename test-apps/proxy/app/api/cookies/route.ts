import type { NextRequest } from 'next/server'
import { json, seen } from '../../_lib/echo'

// Sets a cookie of its own; the proxy sets another.
export async function GET(request: NextRequest) {
  const headers = new Headers()
  headers.append('set-cookie', 'route-cookie=from-route; Path=/')
  return json({ route: '/api/cookies', ...(await seen(request)) }, { headers })
}
