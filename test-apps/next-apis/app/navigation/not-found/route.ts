// notFound() after a cookies().set: 404 with an empty body, the cookie is
// dropped.
import { cookies } from 'next/headers'
import { notFound } from 'next/navigation'

export async function GET() {
  ;(await cookies()).set('before-not-found', '1')
  notFound()
}
