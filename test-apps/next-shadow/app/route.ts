// The app has a `next` package in node_modules whose server entry throws
// when loaded: edgeroute must serve its own next/server instead.
import { NextResponse, type NextRequest } from 'next/server'
import { headers } from 'next/headers'

export async function GET(request: NextRequest) {
  const h = await headers()
  return NextResponse.json({ builtIn: true, path: request.nextUrl.pathname, ua: h.get('user-agent') })
}
