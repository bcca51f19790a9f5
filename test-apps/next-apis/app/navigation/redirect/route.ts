// redirect() from next/navigation after a cookies().set: 307 (303 for a form
// POST) and the cookie goes out with the redirect. `?to=` picks the target,
// `?type=push|replace` passes a RedirectType (no effect in a route handler).
import { cookies } from 'next/headers'
import { redirect, RedirectType } from 'next/navigation'
import { type NextRequest } from 'next/server'

async function handler(request: NextRequest) {
  ;(await cookies()).set('before-redirect', '1')
  const to = request.nextUrl.searchParams.get('to') ?? '/target'
  const type = request.nextUrl.searchParams.get('type')
  if (type === 'push') redirect(to, RedirectType.push)
  if (type === 'replace') redirect(to, RedirectType.replace)
  redirect(to)
}

export const GET = handler
export const POST = handler
