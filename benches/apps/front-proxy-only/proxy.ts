// benches/front, apps B and E: a proxy whose matcher excludes /api/* (the
// benchmarked path is /api/hello): the negative lookahead of Next's matcher
// docs, shortened.
import { NextResponse, type NextRequest } from 'next/server'

export function proxy(request: NextRequest) {
  const response = NextResponse.next()
  response.headers.set('x-front-proxy', 'ran')
  return response
}

export const config = {
  matcher: ['/((?!api|_next/static|favicon.ico).*)'],
}
