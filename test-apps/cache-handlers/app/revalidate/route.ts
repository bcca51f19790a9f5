import { revalidateTag } from 'next/cache'

export async function POST(request: Request) {
  revalidateTag(new URL(request.url).searchParams.get('tag') ?? 'remote', { expire: 0 })
  return Response.json({ revalidated: true })
}
