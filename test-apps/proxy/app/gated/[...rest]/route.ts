import type { NextRequest } from 'next/server'
import { json, seen } from '../../_lib/echo'

// The proxy runs here only through the object matcher (has / missing).
export async function GET(request: NextRequest, ctx: { params: Promise<{ rest: string[] }> }) {
  return json({ route: '/gated/[...rest]', ...(await seen(request, ctx)) })
}
