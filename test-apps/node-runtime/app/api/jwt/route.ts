import jwt from 'jsonwebtoken'

const SECRET = 'fixture-jwt-secret'
const IAT = 1700000000

// Deterministic: fixed iat (so exp too), verification at a fixed clock.
export async function GET() {
  const token = jwt.sign({ sub: 'user-42', role: 'admin', iat: IAT }, SECRET, {
    algorithm: 'HS256',
    expiresIn: '1h',
    issuer: 'edgeroute-fixture',
  })
  const verified = jwt.verify(token, SECRET, { clockTimestamp: IAT + 60, issuer: 'edgeroute-fixture' })
  const bare = jwt.sign({ sub: 'anon' }, SECRET, { noTimestamp: true })
  const fail = (fn: () => unknown) => {
    try {
      fn()
      return null
    } catch (e) {
      const err = e as Error & { expiredAt?: Date }
      return { name: err.name, message: err.message, ...(err.expiredAt ? { expiredAt: err.expiredAt.toISOString() } : {}) }
    }
  }
  return Response.json({
    token,
    verified,
    decodedHeader: jwt.decode(token, { complete: true })?.header,
    bare,
    bareDecoded: jwt.decode(bare),
    tampered: fail(() => jwt.verify(token.slice(0, -2) + 'xx', SECRET, { clockTimestamp: IAT + 60 })),
    wrongSecret: fail(() => jwt.verify(token, 'other', { clockTimestamp: IAT + 60 })),
    expired: fail(() => jwt.verify(token, SECRET, { clockTimestamp: IAT + 7200 })),
  })
}
