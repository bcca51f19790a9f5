// permanentRedirect() after a cookies().set: 308 (303 for a form POST), the
// cookie is kept.
import { cookies } from 'next/headers'
import { permanentRedirect } from 'next/navigation'

async function handler() {
  ;(await cookies()).set('before-permanent', '1')
  permanentRedirect('/permanent-target?x=1')
}

export const GET = handler
export const POST = handler
