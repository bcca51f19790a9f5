import { EventEmitter, once } from 'node:events'
import { AsyncLocalStorage } from 'node:async_hooks'
import { Readable, Transform, pipeline } from 'node:stream'
import { pipeline as pipelineAsync } from 'node:stream/promises'
import { setTimeout as sleep, setImmediate as immediate } from 'node:timers/promises'

export async function GET() {
  // Readable.from consumed with for await
  const chunks: string[] = []
  for await (const c of Readable.from(['a', 'b', 'c'])) chunks.push(c)

  // Transform through stream/promises pipeline
  const upper: string[] = []
  await pipelineAsync(
    Readable.from(['x', 'y']),
    new Transform({
      transform(chunk, _enc, cb) {
        cb(null, chunk.toString().toUpperCase())
      },
    }),
    async function (source: AsyncIterable<Buffer>) {
      for await (const c of source) upper.push(c.toString())
    },
  )

  // events.once
  const ee = new EventEmitter()
  setTimeout(() => ee.emit('ready', 42, 'go'), 1)
  const args = await once(ee, 'ready')

  // ordering of microtasks / nextTick / setImmediate / timers
  const order: string[] = []
  await new Promise<void>((resolve) => {
    setTimeout(() => {
      order.push('timeout')
      resolve()
    }, 5)
    setImmediate(() => order.push('immediate'))
    process.nextTick(() => order.push('nextTick'))
    Promise.resolve().then(() => order.push('microtask'))
  })

  const als = new AsyncLocalStorage<string>()
  const stored = await als.run('ctx-1', async () => {
    await sleep(1)
    return als.getStore()
  })

  return Response.json({
    chunks,
    // how the transformed chunks are grouped depends on timing: joined
    upper: upper.join(''),
    once: args,
    order,
    immediate: await immediate('done'),
    als: stored,
    typeofPipeline: typeof pipeline,
    readableToWeb: typeof Readable.toWeb,
  })
}
