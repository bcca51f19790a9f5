// Checksums the request body as it streams in (FNV-1a over every byte),
// so the handler never holds more than one chunk; reports how the body
// arrived.
export async function POST(request: Request) {
  const reader = request.body!.getReader()
  let bytes = 0
  let chunks = 0
  let largest = 0
  let fnv = 0x811c9dc5
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    bytes += value.length
    chunks += 1
    largest = Math.max(largest, value.length)
    for (let i = 0; i < value.length; i++) {
      fnv ^= value[i]
      fnv = Math.imul(fnv, 0x01000193)
    }
  }
  return Response.json({ bytes, chunks, largest, fnv1a: (fnv >>> 0).toString(16) })
}
