// The query as the server hands it over (request.url, nextUrl) and as a
// NextRequest built by the handler keeps it: Next.js normalises the query
// when it builds request.url, and NextURL keeps the search it is given.
import { NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  const own = new NextRequest('http://localhost/x?b=1&a=2&b=3&flag')
  return Response.json({
    url: request.url,
    nextUrl: request.nextUrl.search,
    own: own.nextUrl.search,
  })
}
