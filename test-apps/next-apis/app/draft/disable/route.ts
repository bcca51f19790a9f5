// draftMode().disable(): a deletion Set-Cookie for __prerender_bypass
// (deterministic: empty value, Expires in 1970).
import { draftMode } from 'next/headers'

export async function GET() {
  const draft = await draftMode()
  const before = draft.isEnabled
  draft.disable()
  return Response.json({ before, after: draft.isEnabled })
}
