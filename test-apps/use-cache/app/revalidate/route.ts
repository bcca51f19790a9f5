import { revalidateTag } from 'next/cache'

export async function POST(request: Request) {
  const q = new URL(request.url).searchParams
  const profile = q.get('profile')
  revalidateTag(q.get('tag') ?? 'counted', profile ?? { expire: 0 })
  return Response.json({ revalidated: true })
}
