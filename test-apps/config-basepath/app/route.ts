import type { NextRequest } from 'next/server'
import { json, seen } from './_lib/echo'

// The app's root: `/docs` (and `/docs/`, redirected) under the basePath.
export async function GET(request: NextRequest) {
  return json({ route: '/', ...(await seen(request)) })
}
