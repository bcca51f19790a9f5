// GET /api/stream — a ReadableStream answer of five newline-delimited
// JSON chunks, each produced when the client side pulls (no timers).
import { tag } from '../../_lib/soak'

const encoder = new TextEncoder()
const CHUNKS = 5

export async function GET(request: Request) {
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await Promise.resolve()
      sent += 1
      controller.enqueue(encoder.encode(JSON.stringify({ chunk: sent, of: CHUNKS, data: 'x'.repeat(64) }) + '\n'))
      if (sent === CHUNKS) controller.close()
    },
  })
  return new Response(stream, {
    headers: tag(request, 'stream', { 'content-type': 'application/x-ndjson; charset=utf-8' }),
  })
}
