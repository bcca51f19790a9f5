// "Headers", first form: read with headers() from next/headers.
import { headers } from 'next/headers'
import type { NextRequest } from 'next/server'

export async function GET(request: NextRequest) {
  const headersList = await headers()
  const referer = headersList.get('referer')
  return Response.json({ referer })
}
