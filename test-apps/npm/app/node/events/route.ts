import EventEmitter, { once } from 'node:events'

export async function GET() {
  const emitter = new EventEmitter()
  const seen: string[] = []
  emitter.on('data', (value: string) => seen.push(`on:${value}`))
  emitter.once('data', (value: string) => seen.push(`once:${value}`))
  emitter.emit('data', 'a')
  emitter.emit('data', 'b')
  setTimeout(() => emitter.emit('ready', 42), 5)
  const [ready] = await once(emitter, 'ready')
  return Response.json({ seen, ready, listeners: emitter.listenerCount('data') })
}
