export async function GET(request: Request, { params }: { params: Promise<{ a?: string[] }> }) {
  return Response.json({ route: 'x/[[...a]]', params: await params })
}
