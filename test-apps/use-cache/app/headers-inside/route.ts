import { headers } from 'next/headers'

async function readsHeaders() {
  'use cache'
  return (await headers()).get('x-name')
}

export async function GET(request: Request) {
  request.headers.get('x-name')
  return Response.json({ name: await readsHeaders() })
}
