// 'use cache' needs cacheComponents; `brief` is a custom cacheLife profile.
export default {
  cacheComponents: true,
  cacheLife: {
    brief: { stale: 30, revalidate: 3, expire: 60 },
  },
  typescript: { ignoreBuildErrors: true },
}
