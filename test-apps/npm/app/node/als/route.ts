// AsyncLocalStorage shares V8's async context with next/headers: both see
// the request they belong to across awaits and timers, even when requests
// interleave in one isolate.
import { AsyncLocalStorage } from 'node:async_hooks'
import { headers } from 'next/headers'

const storage = new AsyncLocalStorage<{ id: string }>()

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function deep() {
  await sleep(Math.random() * 20)
  return storage.getStore()?.id
}

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id') ?? ''
  return storage.run({ id }, async () => {
    await sleep(Math.random() * 20)
    const fromHeaders = (await headers()).get('x-id')
    const fromStore = await deep()
    const outside = storage.exit(() => storage.getStore())
    return Response.json({ id, fromStore, fromHeaders, outside: outside ?? null })
  })
}
