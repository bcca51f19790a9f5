import type { NextRequest } from 'next/server'
import { json, seen } from '../_lib/echo'

// Excluded by the matcher's lookahead: the proxy never runs here.
export async function GET(request: NextRequest) {
  return json({ route: '/skip', ...(await seen(request)) })
}
