// A body streamed in 10 chunks, one per pull.
import { CHUNKS } from '../../lib/item'

export async function GET() {
  const encoder = new TextEncoder()
  let next = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === CHUNKS.length) controller.close()
      else controller.enqueue(encoder.encode(CHUNKS[next++]))
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/plain' } })
}
