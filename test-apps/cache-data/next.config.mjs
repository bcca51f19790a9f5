// Custom cacheLife profiles, for revalidateTag(tag, profile). The
// deprecated one-argument revalidateTag(tag) is called on purpose.
export default {
  cacheLife: {
    brief: { stale: 1, revalidate: 1, expire: 3 },
    lasting: { stale: 60, revalidate: 60 },
  },
  typescript: { ignoreBuildErrors: true },
}
