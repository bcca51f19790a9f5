import { fileURLToPath } from 'node:url'

// Cached data goes through the npm handler (Redis); Next's own in-memory
// copy is off, as the handler's README advises.
export default {
  cacheHandler: fileURLToPath(new URL('./cache-handler.mjs', import.meta.url)),
  cacheMaxMemorySize: 0,
  typescript: { ignoreBuildErrors: true },
}
