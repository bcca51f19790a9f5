import type { NextRequest } from 'next/server'
import { json, seen } from '../_lib/echo'

export async function GET(request: NextRequest) {
  return json({ route: '/static', ...(await seen(request)) })
}
