// NextResponse.rewrite() is meant for middleware; returned from a route
// handler it is a plain empty 200 carrying an x-middleware-rewrite header.
// Recorded: what Next.js does with it.
import { NextResponse } from 'next/server'

export function GET() {
  return NextResponse.rewrite('https://example.com/rewritten')
}
