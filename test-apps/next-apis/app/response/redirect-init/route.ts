// NextResponse.redirect(url, init): the status comes from init.status (307
// when the init has none), init headers are kept next to Location.
import { NextResponse, type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  if (request.nextUrl.searchParams.has('no-status')) {
    return NextResponse.redirect('https://example.com/init', { headers: { 'x-extra': '1' } })
  }
  return NextResponse.redirect('https://example.com/init', { status: 303, headers: { 'x-extra': '1' } })
}
