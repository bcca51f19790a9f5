import { User } from '@/lib/schema'

export async function POST(request: Request) {
  const result = User.safeParse(await request.json())
  if (!result.success) {
    return Response.json({ issues: result.error.issues }, { status: 400 })
  }
  return Response.json({ user: result.data })
}
