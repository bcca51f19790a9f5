// revalidatePath from next/cache in a route handler: returns undefined, the
// answer is an ordinary 200.
import { revalidatePath } from 'next/cache'

export function GET() {
  const result = revalidatePath('/x')
  const layout = revalidatePath('/blog/[slug]', 'page')
  return Response.json({ result: result ?? null, layout: layout ?? null })
}
