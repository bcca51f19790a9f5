// Throws when asked to (`?fail=1`); otherwise answers with how many
// requests it has seen, so a test can tell the isolate survived the throw.
let seen = 0

export async function GET(request: Request) {
  seen += 1
  if (new URL(request.url).searchParams.has('fail')) {
    throw new Error('flaky route failed on purpose')
  }
  return Response.json({ seen })
}
