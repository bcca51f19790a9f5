export const dynamic = 'error'

// dynamic = 'error' promises a static GET; reading the request breaks it.
export async function GET(request: Request) {
  return Response.json({ agent: request.headers.get('user-agent') })
}
