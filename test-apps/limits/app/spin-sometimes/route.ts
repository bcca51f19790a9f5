// `?spin=1` never yields, so only the CPU limit stops it; otherwise it
// answers at once (a route with short turns until it spins).
export async function GET(request: Request) {
  if (new URL(request.url).searchParams.get('spin') === '1') {
    while (true) {}
  }
  return new Response('alive')
}
