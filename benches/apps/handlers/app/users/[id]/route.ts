// A dynamic route reading its params, cookies() and headers().
import { cookies, headers } from 'next/headers'

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const session = (await cookies()).get('session')?.value ?? null
  const agent = (await headers()).get('user-agent')
  return Response.json({ id, session, agent })
}
