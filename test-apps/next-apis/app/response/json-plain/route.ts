// NextResponse.json without an init: 200, application/json. `null` is a
// valid body too (GET ?null).
import { NextResponse, type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  if (request.nextUrl.searchParams.has('null')) return NextResponse.json(null)
  return NextResponse.json({ list: [1, 'two', { three: 3 }], unicode: 'café ✓' })
}
