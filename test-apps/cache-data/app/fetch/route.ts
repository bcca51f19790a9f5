export const dynamic = 'force-dynamic'

type Options = RequestInit & { next?: { revalidate?: number | false; tags?: string[] } }

// GET /fetch?mode=M: one fetch of the counter with M's options. `n` shows
// whether the answer came from the network (it grows) or the cache.
const OPTIONS: Record<string, Options> = {
  revalidate: { next: { revalidate: 2, tags: ['fetched'] } },
  forever: { next: { revalidate: false } },
  force: { cache: 'force-cache' },
  none: {},
  'no-store': { cache: 'no-store' },
  zero: { next: { revalidate: 0 } },
  'tags-only': { next: { tags: ['fetched'] } },
  conflict: { cache: 'no-store', next: { revalidate: 60 } },
}

export async function GET(request: Request) {
  const mode = new URL(request.url).searchParams.get('mode') ?? 'none'
  const res = await fetch(`${process.env.COUNTER_URL}/count/fetch-${mode}`, OPTIONS[mode])
  const body = (await res.json()) as { n: number }
  return Response.json({ mode, n: body.n, status: res.status, type: res.headers.get('content-type') })
}

// POST /fetch with a text body: a POST fetch with `revalidate: 60` is
// cached too, its body part of the key.
export async function POST(request: Request) {
  const text = await request.text()
  const res = await fetch(`${process.env.COUNTER_URL}/count/fetch-post`, {
    method: 'POST',
    body: text,
    next: { revalidate: 60 },
  })
  const body = (await res.json()) as { n: number }
  return Response.json({ sent: text, n: body.n })
}
