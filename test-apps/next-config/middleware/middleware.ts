import { NextResponse } from 'next/server'
// The pre-16 name: Next 16 warns, and runs it on the edge runtime.
export function middleware() {
  const response = NextResponse.next()
  response.headers.set('x-middleware-ran', typeof EdgeRuntime)
  return response
}
