import { revalidatePath, revalidateTag } from 'next/cache'

// POST /revalidate?tag=T[&profile=P | &expire=N]  revalidateTag(T, P or { expire: N }),
//                                                 or revalidateTag(T) with neither
// POST /revalidate?path=P[&type=T]                revalidatePath(P, T)
export async function POST(request: Request) {
  const q = new URL(request.url).searchParams
  const tag = q.get('tag')
  const path = q.get('path')
  if (tag !== null) {
    const profile = q.get('profile')
    const expire = q.get('expire')
    if (profile !== null) revalidateTag(tag, profile)
    else if (expire !== null) revalidateTag(tag, { expire: Number(expire) })
    else revalidateTag(tag)
  } else if (path !== null) {
    const type = q.get('type')
    if (type !== null) revalidatePath(path, type as 'layout' | 'page')
    else revalidatePath(path)
  }
  return Response.json({ revalidated: true })
}

export async function GET(request: Request) {
  try {
    revalidateTag('items', 'no-such-profile')
    return Response.json({ threw: false })
  } catch (error) {
    return Response.json({ threw: true, message: (error as Error).message })
  }
}
