// A proxy: returns the upstream's streaming response as it arrives.
export async function GET(request: Request) {
  const upstream = request.nextUrl.searchParams.get('upstream')!
  return fetch(upstream, { signal: request.signal })
}

// Forwards the request body upstream and relays the answer.
export async function POST(request: Request) {
  const upstream = request.nextUrl.searchParams.get('upstream')!
  const response = await fetch(upstream, {
    method: 'POST',
    body: request.body,
    headers: { 'content-type': request.headers.get('content-type') ?? 'application/octet-stream' },
    // @ts-expect-error: streaming request bodies need duplex in Node's typings
    duplex: 'half',
  })
  return new Response(response.body, {
    status: response.status,
    headers: { 'x-upstream-status': String(response.status) },
  })
}
