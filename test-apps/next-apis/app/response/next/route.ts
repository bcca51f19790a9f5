// NextResponse.next() is meant for middleware; returned from a route handler
// it is an empty 200 carrying x-middleware-next: 1 (plus ?headers: the
// request-header override fields). Recorded: what Next.js does with it.
import { NextResponse, type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  if (request.nextUrl.searchParams.has('headers')) {
    return NextResponse.next({ request: { headers: new Headers({ 'x-from-next': '1' }) }, headers: { 'x-own': 'yes' } })
  }
  return NextResponse.next()
}
