// A 'use cache' function declared inside the handler, closing over a value.
export async function GET(request: Request) {
  const name = request.headers.get('x-name') ?? 'nested'
  async function inner() {
    'use cache'
    const res = await fetch(`${process.env.COUNTER_URL}/count/nested-${name}`)
    return (await res.json()) as { name: string; n: number }
  }
  return Response.json(await inner())
}
