// `?mb=N` MiB produced lazily in 64 KiB chunks: memory must stay bounded
// however slowly the client reads.
const CHUNK = 64 * 1024

export async function GET(request: Request) {
  const mb = Number(request.nextUrl.searchParams.get('mb') ?? '1')
  const total = mb * 1024 * 1024
  let sent = 0
  const stream = new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        controller.close()
        return
      }
      const chunk = new Uint8Array(Math.min(CHUNK, total - sent))
      chunk.fill(97)
      sent += chunk.length
      controller.enqueue(chunk)
    },
  })
  return new Response(stream, {
    headers: { 'content-type': 'application/octet-stream' },
  })
}
