// res.cookies.set with a non-zero maxAge also writes Expires = now + maxAge
// (replacing any given `expires`), so the raw Set-Cookie lines change every
// second: compare the body, not the headers. The body lists the lines with
// the Expires date masked and whether that date is now + maxAge (within 2 s).
import { NextResponse } from 'next/server'

const COOKIES: [string, number][] = [
  ['hour', 3600],
  ['negative', -60],
  ['with-expires', 60],
]

export function GET() {
  const before = Date.now()
  const res = new NextResponse(null)
  for (const [name, maxAge] of COOKIES) {
    const options = name === 'with-expires' ? { maxAge, expires: new Date(Date.UTC(2030, 0, 1)) } : { maxAge }
    res.cookies.set(name, '1', options)
  }
  const lines = res.headers.getSetCookie().map((line, i) => {
    const m = /Expires=([^;]+)/.exec(line)
    const want = before + COOKIES[i][1] * 1000
    return {
      line: line.replace(/Expires=[^;]+/, 'Expires=<date>'),
      expiresIsNowPlusMaxAge: m ? Math.abs(Date.parse(m[1]) - want) <= 2000 : null,
    }
  })
  return NextResponse.json(lines, { headers: res.headers })
}
