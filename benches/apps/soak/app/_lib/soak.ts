// Shared by the soak app's routes (a private folder: not a route).
//
// Every answer carries `x-soak-route` (the handler's name) and
// `x-soak-expect` (the request's own `x-soak-expect`, echoed):
// benches/lib/soak.lua counts an answer as right only when the two agree,
// so a request that reaches the wrong handler is a failure even when it
// is answered 200.
export function tag(request: Request, route: string, init: HeadersInit = {}): Headers {
  const headers = new Headers(init)
  headers.set('x-soak-route', route)
  headers.set('x-soak-expect', request.headers.get('x-soak-expect') ?? '')
  return headers
}
