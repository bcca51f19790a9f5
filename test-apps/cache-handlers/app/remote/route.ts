import { cacheTag } from 'next/cache'

async function remoteCount(name: string) {
  'use cache: remote'
  cacheTag('remote')
  const res = await fetch(`${process.env.COUNTER_URL}/count/remote-${name}`)
  return (await res.json()) as { name: string; n: number }
}

// Reads the request: per request; the cached function is not.
export async function GET(request: Request) {
  return Response.json(await remoteCount(request.headers.get('x-name') ?? 'r'))
}
