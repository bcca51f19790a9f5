export async function GET(request: Request, { params }: { params: Promise<{ a?: string[] }> }) {
  return Response.json({ route: '[[...a]]', params: await params })
}
