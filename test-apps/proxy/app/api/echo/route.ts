import type { NextRequest } from 'next/server'
import { json, seen } from '../../_lib/echo'

export async function GET(request: NextRequest) {
  return json({ route: '/api/echo', ...(await seen(request)) })
}

export async function POST(request: NextRequest) {
  return json({ route: '/api/echo', body: await request.text(), ...(await seen(request)) })
}
