// Answers `?id=` after a random wait, reading it before and after the
// awaits: concurrent requests interleave in one isolate and must each get
// their own request back.
export async function GET(request: Request) {
  const before = new URL(request.url).searchParams.get('id')
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 20))
  await Promise.resolve()
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 5))
  const after = new URL(request.url).searchParams.get('id')
  return Response.json({ before, after, header: request.headers.get('x-id') })
}
