// Sets `globalThis.x` and reports what it held before. Route `global/b`
// does the same with another value: each route has its own global object,
// so neither ever sees the other's value.
export async function GET() {
  const before = (globalThis as any).x ?? null
  ;(globalThis as any).x = 'set by a'
  return Response.json({ before })
}
