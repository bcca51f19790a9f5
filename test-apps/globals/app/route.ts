// Reports which Web platform globals a route handler sees, and uses a few
// of them for real. Deno's namespace and edgeroute's boot hooks must not
// leak into route code.

const GLOBALS = [
  'Request', 'Response', 'Headers', 'URL', 'URLSearchParams', 'URLPattern',
  'ReadableStream', 'WritableStream', 'TransformStream',
  'TextEncoder', 'TextDecoder', 'FormData', 'Blob', 'File',
  'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'DOMException',
  'atob', 'btoa', 'structuredClone',
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval',
  'queueMicrotask', 'console', 'performance', 'fetch',
] as const

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('')
}

// Each use reports its own failure instead of failing the whole answer.
async function attempt<T>(use: () => T | Promise<T>): Promise<T | string> {
  try {
    return await use()
  } catch (error) {
    return `threw: ${error}`
  }
}

export async function GET(request: Request): Promise<Response> {
  const types: Record<string, string> = {}
  for (const name of GLOBALS) {
    types[name] = typeof (globalThis as any)[name]
  }
  types['crypto.getRandomValues'] = typeof crypto.getRandomValues
  types['crypto.randomUUID'] = typeof crypto.randomUUID

  return Response.json({
    types,
    hidden: {
      Deno: typeof (globalThis as any).Deno === 'undefined',
      __bootstrap: typeof (globalThis as any).__bootstrap === 'undefined',
      __edgerouteBoot: typeof (globalThis as any).__edgerouteBoot === 'undefined',
    },
    uuid: await attempt(() => crypto.randomUUID()),
    btoa: await attempt(() => btoa('hi')),
    cloned: await attempt(() => {
      const cloned = structuredClone(new Map([[1, 2]]))
      return { isMap: cloned instanceof Map, entry: cloned.get(1) }
    }),
    urlPatternId: await attempt(
      () => new URLPattern({ pathname: '/a/:id' }).exec('http://x/a/1')?.pathname.groups.id,
    ),
    text: await attempt(() => {
      const encoded = new TextEncoder().encode('héllo ✓')
      return { roundTrip: new TextDecoder().decode(encoded), length: encoded.length }
    }),
    sha256: await attempt(async () =>
      hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'))),
    ),
    now: await attempt(() => {
      const now = performance.now()
      return { type: typeof now, positive: now > 0 }
    }),
    timerFired: await attempt(
      () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5)),
    ),
    microtaskRan: await attempt(
      () => new Promise<boolean>((resolve) => queueMicrotask(() => resolve(true))),
    ),
    isRequest: request instanceof Request,
    method: request.method,
    probe: request.headers.get('x-probe'),
    url: request.url,
  })
}

// Same report for a POST, to see `request.method` follow the request.
export const POST = GET
