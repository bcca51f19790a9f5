// An endless stream (a chunk every 50 ms) whose client leaves mid-way: it
// reports the stream's cancel(), the signal's abort, and whether the
// producer kept going after the cancel, to the URL in `x-report`.
const encoder = new TextEncoder()

export async function GET(request: Request) {
  const report = request.headers.get('x-report')!
  let pulls = 0
  let cancelled = false
  request.signal.addEventListener('abort', () => {
    fetch(`${report}/signal?name=${request.signal.reason?.name}`)
  })
  const stream = new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      if (cancelled) return
      pulls += 1
      controller.enqueue(encoder.encode(`chunk ${pulls}\n`))
    },
    cancel(reason) {
      cancelled = true
      const pullsAtCancel = pulls
      fetch(`${report}/cancel?name=${reason?.name}`)
      setTimeout(() => {
        fetch(`${report}/after?pulls=${pulls - pullsAtCancel}`)
      }, 300)
    },
  })
  return new Response(stream, { headers: { 'content-type': 'text/plain' } })
}
