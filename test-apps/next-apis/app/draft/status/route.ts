// draftMode().isEnabled without changing it: false without the cookie and
// with a __prerender_bypass value that is not this build's id.
import { draftMode } from 'next/headers'

export async function GET() {
  const { isEnabled } = await draftMode()
  return Response.json({ isEnabled })
}
