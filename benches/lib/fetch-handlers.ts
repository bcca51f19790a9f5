// The handlers of benches/apps/handlers as one fetch(request) function,
// for the runtimes that serve one (benches/deno/handlers.ts,
// benches/workerd/handlers.js): their own routing, cookies and headers
// read from the Request; the zod schema and the bodies shared with the
// route files.
import { BIG, Item, chunkStream } from '../apps/handlers/lib/item.ts'

const USER = new URLPattern({ pathname: '/users/:id' })

function cookie(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return null
}

/** Answers `request`; `/upstream` fetches `${upstream}/hello`. */
export async function handle(request: Request, upstream: string): Promise<Response> {
  const url = new URL(request.url)
  switch (url.pathname) {
    case '/echo': {
      const parsed = Item.safeParse(await request.json())
      if (!parsed.success) return Response.json({ error: parsed.error.issues }, { status: 400 })
      return Response.json(parsed.data)
    }
    case '/stream':
      return new Response(chunkStream(), { headers: { 'content-type': 'text/plain' } })
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
}
