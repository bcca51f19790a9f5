// TypeScript config; rewrites in the object form, whose three phases
// compete: beforeFiles (before public files and routes), afterFiles (after
// public files and static routes, before dynamic ones), fallback (only when
// nothing else matched). UPSTREAM_URL comes from services.mjs.
import type { NextConfig } from 'next'

const upstream: string = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:9'

const config: NextConfig = {
  trailingSlash: true,
  generateEtags: false,
  compress: false,
  typescript: { ignoreBuildErrors: true },
  async rewrites() {
    return {
      beforeFiles: [
        // Beats the public file of the same name.
        { source: '/shared.txt', destination: '/before-target' },
        // Beats the static route of the same name.
        { source: '/static-shadowed', destination: '/before-target' },
        { source: '/bf-to-dyn', destination: '/after-only' },
      ],
      afterFiles: [
        // Loses to the public file.
        { source: '/file.txt', destination: '/after-target' },
        // Loses to the static route.
        { source: '/static', destination: '/after-target' },
        // Beats the dynamic route [slug].
        { source: '/dyn-vs-after', destination: '/after-target' },
        // beforeFiles' /bf-to-dyn lands here: chained into afterFiles?
        { source: '/after-only', destination: '/after-target?chained=1' },
        // External: streamed from the upstream.
        { source: '/ext/:path*', destination: `${upstream}/:path*` },
      ],
      fallback: [
        // Never used: the static route exists.
        { source: '/static', destination: '/fallback-target' },
        // Loses to the public file.
        { source: '/fallback.txt', destination: '/fallback-target' },
        // Only what nothing else matched (the dynamic route takes one segment).
        { source: '/:path*', destination: '/fallback-target?from=:path*' },
      ],
    }
  },
}

export default config
