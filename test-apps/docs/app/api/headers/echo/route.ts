// "Headers", second form (verbatim): the headers() instance is read-only, so
// the value goes into a new Response. Without a Referer, `referer` is null.
import { headers } from 'next/headers'

export async function GET(request: Request) {
  const headersList = await headers()
  const referer = headersList.get('referer')

  return new Response('Hello, Next.js!', {
    status: 200,
    headers: { referer: referer },
  })
}
