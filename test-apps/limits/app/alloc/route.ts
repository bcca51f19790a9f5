// `?grow=1` allocates until the heap limit stops it; otherwise answers,
// showing the route serves again in a fresh isolate.
export async function GET(request: Request) {
  if (new URL(request.url).searchParams.get('grow') !== '1') {
    return new Response('alive')
  }
  const keep: number[][] = []
  while (true) {
    keep.push(new Array(100_000).fill(keep.length))
    // Yield now and then, so this is a heap breach, not a CPU one.
    if (keep.length % 16 === 0) await new Promise((r) => setTimeout(r, 0))
  }
}
