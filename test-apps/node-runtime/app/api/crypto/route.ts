import crypto, { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export async function GET() {
  const mac = createHmac('sha256', 'fixture-key').update('message').digest('hex')
  const same = createHmac('sha256', 'fixture-key').update('mess').update('age').digest('hex')
  const a = Buffer.from(mac, 'hex')
  const b = Buffer.from(same, 'hex')
  let lengthMismatch: string | null = null
  try {
    timingSafeEqual(a, Buffer.alloc(1))
  } catch (e) {
    lengthMismatch = (e as { code?: string }).code ?? 'threw'
  }
  return Response.json({
    hmacSha256: mac,
    hmacBase64: createHmac('sha256', 'fixture-key').update('message').digest('base64'),
    timingSafeEqual: timingSafeEqual(a, b),
    timingSafeDiffers: timingSafeEqual(a, Buffer.from(createHmac('sha256', 'x').update('message').digest())),
    lengthMismatch,
    sha256: createHash('sha256').update('abc').digest('hex'),
    sha1: createHash('sha1').update('abc').digest('hex'),
    md5: createHash('md5').update('abc').digest('hex'),
    sha512Length: createHash('sha512').update('abc').digest().length,
    randomBytesLength: randomBytes(16).length,
    randomUUIDShape: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    pbkdf2: crypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex'),
    scrypt: crypto.scryptSync('pw', 'salt', 16).toString('hex'),
    webcryptoSubtle: typeof crypto.webcrypto.subtle.digest,
    hashes: ['sha256', 'sha512', 'md5'].map((h) => crypto.getHashes().includes(h)),
  })
}
