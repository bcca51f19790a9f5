// "Route Context Helper" exactly as in the reference (NextRequest, global RouteContext).
import type { NextRequest } from 'next/server'

export async function GET(_req: NextRequest, ctx: RouteContext<'/users-next/[id]'>) {
  const { id } = await ctx.params
  return Response.json({ id })
}
