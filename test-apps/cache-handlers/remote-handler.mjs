// A `cacheHandlers` module (Next.js 16's 'use cache' handler interface:
// get, set, refreshTags, getExpiration, updateTags) keeping entries and
// tag expirations in Redis, with the `redis` client.
import { createClient } from 'redis'

const client = createClient({ url: process.env.REDIS_URL })
// Logged once: a Redis that went away makes the client retry for good.
let reported = false
client.on('error', (error) => {
  if (!reported) console.error('redis client:', error.message)
  reported = true
})
await client.connect()

const ENTRY = 'use-cache:entry:'
const TAGS = 'use-cache:tags'

async function bytesOf(stream) {
  const chunks = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

async function expiration(tags) {
  if (tags.length === 0) return 0
  const times = await client.hmGet(TAGS, tags)
  return Math.max(0, ...times.map((time) => Number(time ?? 0)))
}

export default {
  async get(cacheKey) {
    const stored = await client.get(ENTRY + cacheKey)
    if (stored === null) return undefined
    const entry = JSON.parse(stored)
    if ((await expiration(entry.tags)) > entry.timestamp) return undefined
    const bytes = Buffer.from(entry.value, 'base64')
    return {
      ...entry,
      value: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(bytes))
          controller.close()
        },
      }),
    }
  },
  async set(cacheKey, pendingEntry) {
    const entry = await pendingEntry
    const value = (await bytesOf(entry.value)).toString('base64')
    const seconds = Math.min(Math.ceil(entry.expire), 365 * 24 * 3600)
    await client.set(ENTRY + cacheKey, JSON.stringify({ ...entry, value }), { EX: Math.max(1, seconds) })
  },
  async refreshTags() {},
  async getExpiration(tags) {
    return expiration(tags)
  },
  async updateTags(tags) {
    const now = Date.now()
    for (const tag of tags) await client.hSet(TAGS, tag, String(now))
  },
}
