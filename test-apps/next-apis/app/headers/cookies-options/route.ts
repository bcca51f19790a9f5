// cookies().set with every option (fixed expires, maxAge 0 so the lines are
// deterministic).
import { cookies } from 'next/headers'

export async function GET() {
  const store = await cookies()
  store.set('all', 'x y', {
    path: '/docs',
    expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
    maxAge: 0,
    domain: 'example.com',
    secure: true,
    httpOnly: true,
    sameSite: 'strict',
    partitioned: true,
    priority: 'low',
  })
  store.set('later', '1', { sameSite: 'none', secure: true })
  return new Response(null, { status: 204 })
}
