export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return Response.json({ route: 'prio/[id]/edit', params: await context.params })
}
