// nextUrl.clone() is an independent copy: changing it leaves request.nextUrl
// alone.
import { type NextRequest } from 'next/server'
import { maskedJson } from '../../_lib/mask'

export function GET(request: NextRequest) {
  const copy = request.nextUrl.clone()
  copy.pathname = '/changed'
  copy.searchParams.set('added', '1')
  return maskedJson({
    same: copy === request.nextUrl,
    clonePathname: copy.pathname,
    cloneSearch: copy.search,
    cloneHref: copy.href,
    originalPathname: request.nextUrl.pathname,
    originalSearch: request.nextUrl.search,
    originalHref: request.nextUrl.href,
  })
}
