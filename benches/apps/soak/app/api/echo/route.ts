// POST /api/echo — reads a JSON body and answers with its SHA-256 (of the
// canonical re-serialisation), its size and its top-level keys.
import { tag } from '../../_lib/soak'

const encoder = new TextEncoder()

export async function POST(request: Request) {
  let body: unknown
  try {
    body = await request.json()
  } catch {
    return Response.json({ error: 'body is not JSON' }, { status: 400, headers: tag(request, 'echo') })
  }
  const bytes = encoder.encode(JSON.stringify(body))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
  const keys = body && typeof body === 'object' ? Object.keys(body).sort() : []
  return Response.json({ sha256: hex, bytes: bytes.length, keys }, { headers: tag(request, 'echo') })
}
