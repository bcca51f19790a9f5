// The reference page's revalidate example's fetch pattern, against the
// upstream named in `?upstream=`.
export async function GET(request: Request) {
  const upstream = new URL(request.url).searchParams.get('upstream')!
  const res = await fetch(upstream, {
    headers: { 'Content-Type': 'application/json' },
  })
  const data = await res.json()
  return Response.json(data)
}
