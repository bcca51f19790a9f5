// Each request reads its own cookie and header through next/headers after
// awaits and timers, while 49 others run in the same isolate.
import { cookies, headers } from 'next/headers'
import type { NextRequest } from 'next/server'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function GET(request: NextRequest) {
  const before = (await headers()).get('x-id')
  await sleep(Math.random() * 20)
  const store = await cookies()
  const cookie = store.get('id')?.value
  await Promise.resolve()
  await sleep(Math.random() * 20)
  const after = (await headers()).get('x-id')
  // A value set now must come back as this request's Set-Cookie only.
  store.set('seen', String(after))
  const fromStream = await new Response(
    new ReadableStream({
      async pull(controller) {
        await sleep(1)
        controller.enqueue(new TextEncoder().encode((await headers()).get('x-id') ?? ''))
        controller.close()
      },
    }),
  ).text()
  return Response.json({ before, after, cookie, fromStream, nextUrlId: request.nextUrl.searchParams.get('id') })
}
