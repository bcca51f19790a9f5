// Holds `?mib=` MiB of Uint8Arrays, 16 MiB each, yielding between them:
// memory outside the V8 heap, which the heap limit must cover too.
export async function GET(request: Request) {
  const mib = Number(new URL(request.url).searchParams.get('mib') ?? '512')
  const held: Uint8Array[] = []
  while (held.length * 16 < mib) {
    held.push(new Uint8Array(16 << 20).fill(1))
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return Response.json({ heldMiB: held.length * 16 })
}
