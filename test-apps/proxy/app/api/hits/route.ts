// What the upstream noted from the proxy's waitUntil fetches. With
// `?expect=K` it asks again (every 50 ms, up to 3 s) until K is there, so
// the answer does not depend on how fast the waitUntil fetch was.
export async function GET(request: Request) {
  const expect = new URL(request.url).searchParams.get('expect')
  let hits: string[] = []
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${process.env.UPSTREAM_URL}/hits`, { cache: 'no-store' })
    hits = await res.json()
    if (!expect || hits.includes(expect)) break
    await new Promise((r) => setTimeout(r, 50))
  }
  return Response.json({ expect, arrived: expect ? hits.includes(expect) : null, hits })
}
