// NextResponse.redirect(url): 307 by default, Location is the URL as given
// (a string) or its href (a URL object: ?url-object).
import { NextResponse, type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  if (request.nextUrl.searchParams.has('url-object')) {
    return NextResponse.redirect(new URL('https://example.com/a b?x=é#h'))
  }
  return NextResponse.redirect('https://example.com/target?from=next-apis')
}
