// Reads the whole request body: a client that stalls mid-body is stopped
// by the body timeout, not by this handler's wall clock.
export async function POST(request: Request) {
  const body = await request.arrayBuffer()
  return Response.json({ bytes: body.byteLength })
}
