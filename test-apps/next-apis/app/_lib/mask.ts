// Helpers shared by the routes (a private `_lib` folder: never a route).
//
// The recorder and the Rust tests both listen on a random port taken by
// binding port 0 (Linux hands out 32768-60999). Next.js puts that port into
// the default `Host` (127.0.0.1:PORT), request.url, nextUrl and
// `x-forwarded-port`, so any answer echoing them would change from run to
// run. `maskedJson` replaces every port number >= 32768 that follows a ':' or
// is a whole JSON string with "PORT". Cases only send explicit ports below
// 32768, so those stay visible.
export function maskPorts(text: string): string {
  return text.replace(/(?<=[:"])(\d{5})(?=[/"?#])/g, (port) => (Number(port) >= 32768 ? 'PORT' : port))
}

export function maskedJson(value: unknown, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers)
  headers.set('content-type', 'application/json')
  return new Response(maskPorts(JSON.stringify(value)), { ...init, headers })
}

// { name, message } of a caught error (what a route returns instead of throwing).
export function errorInfo(e: unknown) {
  const err = e as Error
  return { name: err?.name, message: err?.message }
}
