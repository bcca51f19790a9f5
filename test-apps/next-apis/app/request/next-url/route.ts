// request.nextUrl: the parsed URL of a NextRequest (ports >= 32768 masked,
// see _lib/mask.ts).
import { type NextRequest } from 'next/server'
import { maskedJson } from '../../_lib/mask'

export function GET(request: NextRequest) {
  const u = request.nextUrl
  return maskedJson({
    pathname: u.pathname,
    search: u.search,
    searchParams: [...u.searchParams],
    href: u.href,
    origin: u.origin,
    host: u.host,
    hostname: u.hostname,
    port: u.port,
    protocol: u.protocol,
    hash: u.hash,
    basePath: u.basePath,
    toString: String(u),
    toJSON: u.toJSON(),
    requestUrl: request.url,
  })
}
