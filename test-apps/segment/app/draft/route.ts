// Turns draft mode on: the __prerender_bypass cookie.
import { draftMode } from 'next/headers'

export async function POST() {
  ;(await draftMode()).enable()
  return Response.json({ draft: true })
}
