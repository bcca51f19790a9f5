// next.config's cacheHandler: @fortedigital/nextjs-cache-handler's Redis
// handler with the `redis` client, as its README sets it up.
import { CacheHandler } from '@fortedigital/nextjs-cache-handler'
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings'
import { createClient } from 'redis'

const client = createClient({ url: process.env.REDIS_URL })
// Logged once: a Redis that went away makes the client retry for good.
let reported = false
client.on('error', (error) => {
  if (!reported) console.error('redis client:', error.message)
  reported = true
})
await client.connect()

CacheHandler.onCreation(() => ({
  handlers: [createRedisHandler({ client, keyPrefix: 'fixture:' })],
}))

export default CacheHandler
