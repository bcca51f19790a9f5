// request.url and every request header as the handler sees them, including
// the x-forwarded-* headers Next.js adds when the client sent none (ports
// >= 32768 masked, see _lib/mask.ts). POST shows the body headers.
import { maskedJson } from '../../_lib/mask'

export function GET(request: Request) {
  return maskedJson({ url: request.url, headers: Object.fromEntries(request.headers) })
}

export const POST = GET
