// The reference streaming example with a compressible Content-Type (as an
// LLM token stream has): compressed for clients that accept it, still
// delivered chunk by chunk.
function iteratorToStream(iterator: any) {
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await iterator.next()
      if (done) { controller.close() } else { controller.enqueue(value) }
    },
  })
}
function sleep(time: number) { return new Promise((resolve) => { setTimeout(resolve, time) }) }
const encoder = new TextEncoder()
async function* makeIterator() {
  yield encoder.encode('<p>One</p>')
  await sleep(200)
  yield encoder.encode('<p>Two</p>')
  await sleep(200)
  yield encoder.encode('<p>Three</p>')
}
export async function GET() {
  return new Response(iteratorToStream(makeIterator()), {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  })
}
