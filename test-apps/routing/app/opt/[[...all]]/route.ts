export async function GET(request: Request, context: { params: Promise<{ all?: string[] }> }) {
  return Response.json({ route: 'opt/[[...all]]', params: await context.params })
}
