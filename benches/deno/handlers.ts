// `deno serve` module for benches/handlers: the realistic handlers of
// benches/apps/handlers written for Deno (its own routing, cookies and
// headers read from the Request), the zod schema and bodies shared.
import { BIG, CHUNKS, Item } from '../apps/handlers/lib/item.ts'

const USER = new URLPattern({ pathname: '/users/:id' })
const encoder = new TextEncoder()
const upstream = Deno.env.get('BENCH_UPSTREAM')

function cookie(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return null
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    switch (url.pathname) {
      case '/echo': {
        const parsed = Item.safeParse(await request.json())
        if (!parsed.success) return Response.json({ error: parsed.error.issues }, { status: 400 })
        return Response.json(parsed.data)
      }
      case '/stream': {
        let next = 0
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (next === CHUNKS.length) controller.close()
            else controller.enqueue(encoder.encode(CHUNKS[next++]))
          },
        })
        return new Response(body, { headers: { 'content-type': 'text/plain' } })
      }
      case '/big':
        return new Response(BIG, { headers: { 'content-type': 'text/plain' } })
      case '/upstream': {
        const answer = await fetch(`${upstream}/hello`)
        return Response.json({ upstream: await answer.json() })
      }
    }
    const user = USER.exec(url)
    if (user) {
      return Response.json({
        id: user.pathname.groups.id,
        session: cookie(request.headers.get('cookie'), 'session'),
        agent: request.headers.get('user-agent'),
      })
    }
    return new Response(null, { status: 404 })
  },
}
