// The twin of `global/a`, with its own value.
export async function GET() {
  const before = (globalThis as any).x ?? null
  ;(globalThis as any).x = 'set by b'
  return Response.json({ before })
}
