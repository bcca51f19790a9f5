// benches/front, app C: the same proxy as front-excluded/, run on /api/*
// (so on every benchmarked request).
import { NextResponse, type NextRequest } from 'next/server'

export function proxy(request: NextRequest) {
  const response = NextResponse.next()
  response.headers.set('x-front-proxy', 'ran')
  return response
}

export const config = {
  matcher: ['/api/:path*'],
}
