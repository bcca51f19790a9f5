// revalidateTag from next/cache: the one-argument form of the reference
// (deprecated in Next.js 16, which wants a profile) and with 'max'.
import { revalidateTag } from 'next/cache'

export function GET() {
  // @ts-expect-error one-argument form
  const single = revalidateTag('t')
  const withProfile = revalidateTag('t2', 'max')
  return Response.json({ single: single ?? null, withProfile: withProfile ?? null })
}
