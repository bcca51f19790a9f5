import { connection } from 'next/server'

async function waits() {
  'use cache'
  await connection()
  return 1
}

export async function GET(request: Request) {
  request.headers.get('x')
  return Response.json({ value: await waits() })
}
