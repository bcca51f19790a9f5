import { createHash, createHmac, randomUUID, randomBytes, timingSafeEqual } from 'node:crypto'

export function GET() {
  return Response.json({
    sha1: createHash('sha1').update('abc').digest('hex'),
    sha256: createHash('sha256').update('a').update('bc').digest('hex'),
    md5: createHash('md5').update('abc').digest('hex'),
    sha512base64: createHash('sha512').update('abc').digest('base64').slice(0, 16),
    hmac: createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'),
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(randomUUID()),
    randomBytes: randomBytes(16).length,
    timingSafeEqual: timingSafeEqual(Buffer_from('x'), Buffer_from('x')),
  })
}

function Buffer_from(text: string) {
  return new TextEncoder().encode(text)
}
