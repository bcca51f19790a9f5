// The streaming example of the Next.js route.js reference page, verbatim
// apart from formatting: three chunks, 200 ms apart.
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
  return new Response(iteratorToStream(makeIterator()))
}
