// "Headers" with the underlying Web APIs on a NextRequest: a copy of
// request.headers. The JSON shows a value read from the copy and that
// changing the copy leaves request.headers alone.
import { type NextRequest } from 'next/server'

export async function GET(request: NextRequest) {
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('x-added', '1')
  return Response.json({
    referer: requestHeaders.get('referer'),
    copyHasAdded: requestHeaders.get('x-added'),
    requestHasAdded: request.headers.get('x-added'),
  })
}
