// A body streamed in 10 chunks, one per pull.
import { chunkStream } from '../../lib/item'

export async function GET() {
  return new Response(chunkStream(), { headers: { 'content-type': 'text/plain' } })
}
