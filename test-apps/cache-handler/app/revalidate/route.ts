import { revalidateTag } from 'next/cache'

// POST /revalidate?tag=T[&profile=P]: revalidateTag(T, P or { expire: 0 }).
export async function POST(request: Request) {
  const q = new URL(request.url).searchParams
  revalidateTag(q.get('tag') ?? 'items', q.get('profile') ?? { expire: 0 })
  return Response.json({ revalidated: true })
}
