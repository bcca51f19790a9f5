export async function GET(request: Request, context: { params: Promise<object> }) {
  return Response.json({ route: 'prio/static', params: await context.params })
}
