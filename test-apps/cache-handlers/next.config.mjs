import { fileURLToPath } from 'node:url'

// 'use cache: remote' goes to the app's own handler, on Redis.
export default {
  cacheComponents: true,
  cacheHandlers: {
    remote: fileURLToPath(new URL('./remote-handler.mjs', import.meta.url)),
  },
  typescript: { ignoreBuildErrors: true },
}
