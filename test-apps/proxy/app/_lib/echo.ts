// What a route handler sees, echoed back as JSON (a private `_lib` folder:
// never a route). Request headers: every `x-*` one except Next's
// `x-forwarded-*` (they carry the random port and the peer address) plus
// `cookie`, sorted by name.
import type { NextRequest } from 'next/server'

export async function seen(request: NextRequest, ctx?: { params?: Promise<Record<string, unknown>> }) {
  const headers: Record<string, string> = {}
  const names = [...request.headers.keys()].sort()
  for (const name of names) {
    if ((name.startsWith('x-') && !name.startsWith('x-forwarded-')) || name === 'cookie') {
      headers[name] = request.headers.get(name) ?? ''
    }
  }
  return {
    method: request.method,
    url: request.url,
    pathname: request.nextUrl.pathname,
    search: request.nextUrl.search,
    basePath: request.nextUrl.basePath,
    params: ctx?.params ? await ctx.params : null,
    headers,
    fromConfig: process.env.FROM_CONFIG ?? null,
  }
}

// The random listening port (>= 32768) in URLs becomes "PORT".
export function maskPorts(text: string): string {
  return text.replace(/(?<=:)(\d{5})(?=[/"?#])/g, (port) => (Number(port) >= 32768 ? 'PORT' : port))
}

export function json(value: unknown, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers)
  headers.set('content-type', 'application/json')
  return new Response(maskPorts(JSON.stringify(value)), { ...init, headers })
}
