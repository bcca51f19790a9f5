// "URL Query Parameters" as in the reference: request.nextUrl.searchParams.
import { type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  const searchParams = request.nextUrl.searchParams
  const query = searchParams.get('query')
  // query is "hello" for /api/search?query=hello
  return Response.json({ query })
}
