// draftMode().enable(): sets the __prerender_bypass cookie. Its value is the
// build's preview-mode id (random per build), so the raw Set-Cookie differs
// between builds: the body shows the cookie as cookies() sees it with the
// value replaced by its shape.
import { cookies, draftMode } from 'next/headers'

export async function GET() {
  const draft = await draftMode()
  const before = draft.isEnabled
  draft.enable()
  const cookie = (await cookies()).get('__prerender_bypass')
  return Response.json({
    before,
    after: draft.isEnabled,
    cookie: cookie && { ...cookie, value: /^[0-9a-f]+$/.test(cookie.value) ? `<${cookie.value.length} hex digits>` : cookie.value },
  })
}
