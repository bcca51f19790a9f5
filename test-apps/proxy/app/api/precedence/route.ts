import type { NextRequest } from 'next/server'
import { json, seen } from '../../_lib/echo'

// x-prec: also set by the proxy and headers(); x-prec2: also by headers();
// x-prec3: only here.
export async function GET(request: NextRequest) {
  const headers = { 'x-prec': 'from-route', 'x-prec2': 'from-route', 'x-prec3': 'from-route' }
  return json({ route: '/api/precedence', ...(await seen(request)) }, { headers })
}
