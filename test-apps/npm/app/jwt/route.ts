import { SignJWT, jwtVerify, decodeProtectedHeader } from 'jose'

const secret = new TextEncoder().encode('a-test-secret-of-32-bytes-length!')

export async function GET(request: Request) {
  const sub = new URL(request.url).searchParams.get('sub') ?? 'anonymous'
  const token = await new SignJWT({ role: 'admin' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(secret)
  const { payload } = await jwtVerify(token, secret)
  let tampered = 'accepted'
  try {
    await jwtVerify(token.slice(0, -2) + 'xx', secret)
  } catch (error) {
    tampered = (error as { code?: string }).code ?? String(error)
  }
  return Response.json({
    header: decodeProtectedHeader(token),
    sub: payload.sub,
    role: payload.role,
    tampered,
  })
}
