// res.cookies on a NextResponse: every option of set(), plus delete().
// Fixed dates and maxAge 0 keep the Set-Cookie lines deterministic (a
// non-zero maxAge also writes Expires = now + maxAge: see cookies-max-age).
import { NextResponse } from 'next/server'

const EXPIRES = new Date(Date.UTC(2030, 0, 2, 3, 4, 5))

export function GET() {
  const res = NextResponse.json({ ok: true })
  res.cookies.set('plain', 'v')
  res.cookies.set('all', 'x y;z', {
    path: '/docs',
    expires: EXPIRES,
    maxAge: 0,
    domain: 'example.com',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    partitioned: true,
    priority: 'high',
  })
  res.cookies.set('strict', '1', { sameSite: 'strict' })
  res.cookies.set('none', '1', { sameSite: 'none', secure: true })
  res.cookies.set('bool-true', '1', { sameSite: true })
  res.cookies.set('prio-low', '1', { priority: 'low' })
  res.cookies.set('prio-medium', '1', { priority: 'medium' })
  res.cookies.set('expires-number', '1', { expires: EXPIRES.getTime() })
  res.cookies.set({ name: 'object-form', value: 'o', path: '/o', httpOnly: true })
  res.cookies.set('plain', 'overwritten') // same name: replaced in place
  res.cookies.delete('gone')
  res.cookies.delete({ name: 'gone-scoped', path: '/scoped', domain: 'example.com' })
  return res
}
