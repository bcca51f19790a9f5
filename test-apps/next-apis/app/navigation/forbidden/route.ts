// forbidden() needs `experimental.authInterrupts`, which the oracle's
// next.config.js does not set: it throws a plain Error. Uncaught (500) by
// default; `?catch` returns the error instead.
import { forbidden } from 'next/navigation'
import { type NextRequest } from 'next/server'
import { errorInfo } from '../../_lib/mask'

export function GET(request: NextRequest) {
  if (!request.nextUrl.searchParams.has('catch')) forbidden()
  try {
    forbidden()
  } catch (e) {
    return Response.json(errorInfo(e))
  }
}
