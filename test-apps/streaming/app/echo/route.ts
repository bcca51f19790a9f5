// Answers with the request body and its Content-Type.
export async function POST(request: Request) {
  return new Response(await request.arrayBuffer(), {
    headers: { 'content-type': request.headers.get('content-type') ?? 'application/octet-stream' },
  })
}
