// A fetch to a local upstream (BENCH_UPSTREAM: benches/hyper-hello), its
// JSON passed on.
export async function GET() {
  const answer = await fetch(`${process.env.BENCH_UPSTREAM}/hello`)
  return Response.json({ upstream: await answer.json() })
}
