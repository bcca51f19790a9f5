// A handler that is still working when the client leaves: it reports how
// its `request.signal` aborted to the URL in the `x-report` header.
export async function GET(request: Request) {
  const report = request.headers.get('x-report')!
  request.signal.addEventListener('abort', () => {
    const reason = request.signal.reason
    fetch(`${report}/signal?aborted=${request.signal.aborted}&name=${reason?.name}&error=${reason instanceof Error}`)
  })
  await new Promise((resolve) => setTimeout(resolve, 10_000))
  return new Response('too late')
}
