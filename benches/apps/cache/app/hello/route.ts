// GET /hello — hello-world, run per request: the baseline.
export async function GET() {
  return Response.json({ hello: 'world' })
}
