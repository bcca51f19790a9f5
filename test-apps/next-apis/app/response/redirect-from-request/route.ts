// The usual pattern: a redirect relative to the request URL. In Next.js
// request.url is http://localhost:<listening port>/... whatever Host the
// client sent (x-forwarded-proto: https only switches the scheme), so the
// Location holds the random listening port: the handler masks it ("PORT",
// see _lib/mask.ts) before returning the real 307.
import { NextResponse, type NextRequest } from 'next/server'
import { maskPorts } from '../../_lib/mask'

export function GET(request: NextRequest) {
  const res = NextResponse.redirect(new URL('/target', request.url))
  res.headers.set('location', maskPorts(res.headers.get('location') ?? ''))
  return res
}
