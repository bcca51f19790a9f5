// The realistic handlers of benches/apps/handlers written for workerd,
// which loads JavaScript only: benches/handlers bundles this file with the
// shared schema and zod (esbuild) into one module. The upstream's origin
// comes as the BENCH_UPSTREAM text binding.
import { BIG, CHUNKS, Item } from '../apps/handlers/lib/item.ts'

const USER = /^\/users\/([^/]+)$/
const encoder = new TextEncoder()

function cookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return null
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url)
    switch (url.pathname) {
      case '/echo': {
        const parsed = Item.safeParse(await request.json())
        if (!parsed.success) return Response.json({ error: parsed.error.issues }, { status: 400 })
        return Response.json(parsed.data)
      }
      case '/stream': {
        let next = 0
        const body = new ReadableStream({
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
        const answer = await fetch(`${env.BENCH_UPSTREAM}/hello`)
        return Response.json({ upstream: await answer.json() })
      }
    }
    const user = USER.exec(url.pathname)
    if (user) {
      return Response.json({
        id: decodeURIComponent(user[1]),
        session: cookie(request.headers.get('cookie'), 'session'),
        agent: request.headers.get('user-agent'),
      })
    }
    return new Response(null, { status: 404 })
  },
}
