// Module state: an id per isolate and a counter that persists within it.
const isolate = crypto.randomUUID()
let count = 0

export async function GET(request: Request) {
  count += 1
  const ms = Number(new URL(request.url).searchParams.get('ms') ?? '0')
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
  return Response.json({ isolate, count, global: (globalThis as any).marker ?? null, set: ((globalThis as any).marker = isolate) })
}
