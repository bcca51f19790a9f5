import type { NextRequest } from 'next/server'
import { json, seen } from '../_lib/echo'

// The destination of several rewrites.
export async function GET(request: NextRequest) {
  return json({ route: '/static-target', ...(await seen(request)) })
}
