export async function GET() {
  return Response.json({ route: 'dotted.name' })
}
