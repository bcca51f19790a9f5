// The JSON body /echo validates (benches/handlers): the same schema for
// every runtime.
import { z } from 'zod'

export const Item = z.object({
  name: z.string().min(1).max(100),
  price: z.number().positive(),
  tags: z.array(z.string()).max(10),
  stock: z.object({ count: z.number().int().nonnegative(), warehouse: z.string() }),
})

/** The 100 KB body /big answers with. */
export const BIG = 'x'.repeat(100 * 1024)

/** The 10 chunks /stream answers with, one per pull. */
export const CHUNKS = Array.from({ length: 10 }, (_, i) => `chunk ${i} ${'.'.repeat(90)}\n`)

/** /stream's body: CHUNKS, one per pull. */
export function chunkStream(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let next = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === CHUNKS.length) controller.close()
      else controller.enqueue(encoder.encode(CHUNKS[next++]))
    },
  })
}
