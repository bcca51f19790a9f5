export async function GET(request: Request, context: { params: Promise<{ rest: string[] }> }) {
  return Response.json({ route: 'prio/[...rest]', params: await context.params })
}
