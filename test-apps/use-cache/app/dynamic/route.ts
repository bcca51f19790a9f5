import { count } from '../../lib/data'

// Reads the request: runs per request; the cached function does not.
export async function GET(request: Request) {
  const name = request.headers.get('x-name') ?? 'dynamic'
  return Response.json(await count(name))
}
