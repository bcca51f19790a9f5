import type { NextRequest } from 'next/server'
import { json, seen } from '../_lib/echo'

export async function GET(request: NextRequest, ctx: { params: Promise<{ slug: string }> }) {
  return json({ route: '/[slug]', ...(await seen(request, ctx)) })
}
