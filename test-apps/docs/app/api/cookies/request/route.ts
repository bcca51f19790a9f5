// "Cookies" with the underlying Web APIs: request.cookies of NextRequest.
// `all` (not in the reference) shows how the whole Cookie header was parsed.
import { type NextRequest } from 'next/server'

export async function GET(request: NextRequest) {
  const token = request.cookies.get('token')
  return Response.json({ token, all: request.cookies.getAll() })
}
