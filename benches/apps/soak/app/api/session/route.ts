// GET /api/session — next/headers: reads the `session` and `theme`
// cookies and two request headers, counts visits in a cookie it sets.
import { cookies, headers } from 'next/headers'
import { tag } from '../../_lib/soak'

export async function GET(request: Request) {
  const jar = await cookies()
  const head = await headers()
  const session = jar.get('session')?.value ?? null
  const visits = Number(jar.get('visits')?.value ?? '0') + 1
  jar.set('visits', String(visits), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 3600 })
  return Response.json(
    {
      session,
      theme: jar.get('theme')?.value ?? 'light',
      visits,
      userAgent: head.get('user-agent'),
      language: head.get('accept-language')?.split(',')[0] ?? null,
    },
    { headers: tag(request, 'session', { 'cache-control': 'private, no-store' }) },
  )
}
