import { connection } from 'next/server'
import { count } from '../../lib/data'

// connection(): request-time from here on, so not prerendered.
export async function GET() {
  await connection()
  return Response.json(await count('connection'))
}
