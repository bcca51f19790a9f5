// revalidatePath from next/cache: POST /revalidate?path=/static/a drops
// the stored answer of that path (or of every path of a route pattern).
import { revalidatePath } from 'next/cache'

export async function POST(request: Request) {
  const path = new URL(request.url).searchParams.get('path') ?? '/'
  revalidatePath(path)
  return Response.json({ revalidated: path })
}
