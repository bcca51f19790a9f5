import type { NextRequest } from 'next/server'
import { json, seen } from '../../_lib/echo'

export async function GET(request: NextRequest, ctx: { params: Promise<{ path: string[] }> }) {
  return json({ route: '/files/[...path]', ...(await seen(request, ctx)) })
}
