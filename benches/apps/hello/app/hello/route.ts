// GET /hello — the hello-world JSON route every server in benches/run
// answers: edgeroute and `next start` serve this file, `deno serve` calls it.
export async function GET() {
  return Response.json({ hello: 'world' })
}
