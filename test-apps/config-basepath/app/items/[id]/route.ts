import type { NextRequest } from 'next/server'
import { json, seen } from '../../_lib/echo'

export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  return json({ route: '/items/[id]', ...(await seen(request, ctx)) })
}
