import { revalidatePath, revalidateTag } from 'next/cache'

// POST /revalidate?tag=T&profile=P   revalidateTag(T, P)
// POST /revalidate?tag=T&expire=0    revalidateTag(T, { expire: 0 })
// POST /revalidate?path=P            revalidatePath(P)
export async function POST(request: Request) {
  const q = new URL(request.url).searchParams
  const tag = q.get('tag')
  const path = q.get('path')
  if (tag !== null) {
    const profile = q.get('profile')
    revalidateTag(tag, profile ?? { expire: Number(q.get('expire') ?? 0) })
  } else if (path !== null) {
    revalidatePath(path)
  }
  return Response.json({ revalidated: true })
}
