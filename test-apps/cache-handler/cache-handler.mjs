// next.config's cacheHandler: @fortedigital/nextjs-cache-handler's Redis
// handler with the `redis` client, as its README sets it up.
import { CacheHandler } from '@fortedigital/nextjs-cache-handler'
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings'
import { createClient } from 'redis'

const client = createClient({ url: process.env.REDIS_URL })
client.on('error', (error) => console.error('redis client:', error.message))
await client.connect()

CacheHandler.onCreation(() => ({
  handlers: [createRedisHandler({ client, keyPrefix: 'fixture:' })],
}))

export default CacheHandler
