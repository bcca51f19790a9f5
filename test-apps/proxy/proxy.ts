// Next 16's proxy (formerly middleware), by path. Every run that lets the
// request through marks the answer with `x-proxy: ran`.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server'

const UPSTREAM = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:9'

function next(init?: Parameters<typeof NextResponse.next>[0]) {
  const response = NextResponse.next(init)
  response.headers.set('x-proxy', 'ran')
  return response
}

export function proxy(request: NextRequest, event: NextFetchEvent) {
  const { pathname, search, searchParams } = request.nextUrl

  if (pathname === '/api/request-headers') {
    // Request headers added, changed and removed on the way to the route.
    const headers = new Headers(request.headers)
    headers.set('x-added', 'by-proxy')
    headers.set('x-changed', `was ${request.headers.get('x-changed') ?? 'absent'}`)
    headers.delete('x-remove-me')
    const response = NextResponse.next({ request: { headers } })
    response.headers.set('x-proxy', 'ran')
    return response
  }
  if (pathname.startsWith('/rewrite/')) {
    // Internal rewrite to a dynamic route; x-proxy-runs counts how often
    // the proxy saw this request (a re-entry after the rewrite would show 2).
    const headers = new Headers(request.headers)
    headers.set('x-proxy-runs', String(Number(request.headers.get('x-proxy-runs') ?? '0') + 1))
    const response = NextResponse.rewrite(new URL(`/api/items/${pathname.slice('/rewrite/'.length)}${search}`, request.url), {
      request: { headers },
    })
    response.headers.set('x-proxy', 'rewrote')
    return response
  }
  if (pathname.startsWith('/api/items/')) {
    // Reached directly, or by a re-entry after /rewrite/*.
    const headers = new Headers(request.headers)
    headers.set('x-proxy-runs', String(Number(request.headers.get('x-proxy-runs') ?? '0') + 1))
    return next({ request: { headers } })
  }
  if (pathname.startsWith('/ext/')) {
    const response = NextResponse.rewrite(new URL(`${pathname.slice('/ext'.length)}${search}`, UPSTREAM))
    response.headers.set('x-proxy', 'external')
    return response
  }
  if (pathname === '/go-away') {
    return NextResponse.redirect(new URL('/api/echo?from=proxy', request.url))
  }
  if (pathname === '/go-away-308') {
    return NextResponse.redirect(new URL('/api/echo?from=proxy-308', request.url), 308)
  }
  if (pathname === '/config-redirect') {
    // Never runs: redirects() answers first.
    return new Response('the proxy answered /config-redirect', { status: 418 })
  }
  if (pathname === '/short/json') {
    return NextResponse.json(
      {
        short: true,
        pathname,
        search,
        q: searchParams.getAll('q'),
        basePath: request.nextUrl.basePath,
        cookies: request.cookies.getAll(),
        hasSession: request.cookies.has('session'),
        method: request.method,
      },
      { status: 201, headers: { 'x-short': 'json' } },
    )
  }
  if (pathname === '/short/plain') {
    return new Response('blocked by the proxy\n', { status: 403, headers: { 'content-type': 'text/plain', 'x-short': 'plain' } })
  }
  if (pathname === '/short/with-cookie') {
    const response = NextResponse.json({ short: 'cookie' })
    response.cookies.set('short-cookie', 'v', { path: '/', httpOnly: true })
    return response
  }
  if (pathname === '/api/cookies') {
    // Both this cookie and the route's own arrive.
    const response = next()
    response.cookies.set('proxy-cookie', 'from-proxy', { path: '/' })
    return response
  }
  if (pathname === '/api/precedence') {
    const response = next()
    response.headers.set('x-prec', 'from-proxy')
    return response
  }
  if (pathname === '/api/wait') {
    // The answer does not wait for this fetch; the upstream notes the key
    // (a later case asks /api/hits).
    const key = searchParams.get('key') ?? 'none'
    event.waitUntil(fetch(`${UPSTREAM}/hit?key=${encodeURIComponent(key)}`))
    return next()
  }
  if (pathname === '/throw') {
    throw new Error('the proxy failed on purpose')
  }
  return next()
}

export const config = {
  matcher: [
    // Everything but Next's static files, favicon.ico, /skip and /gated.
    '/((?!_next/static|favicon.ico|skip|gated).*)',
    // /gated only with the header and without the cookie.
    {
      source: '/gated/:path*',
      has: [{ type: 'header', key: 'x-gate', value: 'open' }],
      missing: [{ type: 'cookie', key: 'no-proxy' }],
    },
  ],
}
