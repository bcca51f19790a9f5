// "Cookies", second form: return a new Response with a Set-Cookie header
// (verbatim; without a `token` cookie, `token.value` throws).
import { cookies } from 'next/headers'

export async function GET(request: Request) {
  const cookieStore = await cookies()
  const token = cookieStore.get('token')

  return new Response('Hello, Next.js!', {
    status: 200,
    headers: { 'Set-Cookie': `token=${token.value}` },
  })
}
