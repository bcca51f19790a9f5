// cookies() only read: the Response's own Set-Cookie lines are left as sent
// (no re-serialisation without a mutation).
import { cookies } from 'next/headers'

export async function GET() {
  const store = await cookies()
  const seen = store.get('seen')?.value ?? null
  const headers = new Headers({ 'content-type': 'application/json' })
  headers.append('Set-Cookie', 'own=1')
  headers.append('Set-Cookie', 'other=a b; samesite=LAX')
  return new Response(JSON.stringify({ seen }), { headers })
}
