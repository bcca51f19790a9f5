// The RedirectType values.
import { RedirectType } from 'next/navigation'

export function GET() {
  return Response.json({ push: RedirectType.push, replace: RedirectType.replace, keys: Object.keys(RedirectType) })
}
