// A plain Response carrying headers Next.js treats as its own. Default:
// x-middleware-set-cookie (dropped), content-length / content-encoding /
// transfer-encoding (dropped, Next.js frames the body itself), other
// x-middleware-* and x-nextjs-* names, and a Vary next to Next.js' own.
// ?rewrite: an x-middleware-rewrite header (Next.js refuses it: 500).
// ?next=1 / ?next=0: x-middleware-next (only "1" is refused).
import { type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams
  const headers = new Headers({ 'content-type': 'text/plain' })
  if (q.has('rewrite')) {
    headers.set('x-middleware-rewrite', 'https://example.com/')
  } else if (q.has('next')) {
    headers.set('x-middleware-next', q.get('next') ?? '')
  } else {
    headers.set('x-middleware-set-cookie', 'hidden=1')
    headers.set('x-middleware-custom', 'kept?')
    headers.set('x-nextjs-custom', 'kept?')
    headers.set('content-length', '999')
    headers.set('content-encoding', 'gzip')
    headers.set('transfer-encoding', 'chunked')
    headers.set('vary', 'Origin')
    headers.append('www-authenticate', 'Basic realm="a"')
    headers.append('www-authenticate', 'Bearer')
  }
  return new Response('ok', { headers })
}
