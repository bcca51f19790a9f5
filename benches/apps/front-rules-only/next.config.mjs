// benches/front: 50 rules of a realistic site, none of which applies to
// GET /api/hello (the benchmarked path). Sources with params, regex groups,
// suffixes and has / missing conditions; two header rules match every
// source (`/:path*`) but need a header or host the benchmark never sends,
// so their conditions are evaluated on every request. The same file in
// front-excluded/, front-proxied/ and front-rules-only/ (benches/front
// checks they match).
/** @type {import('next').NextConfig} */
const config = {
  poweredByHeader: false,

  // 20 headers() rules.
  async headers() {
    return [
      { source: '/docs/:path*', headers: [{ key: 'cache-control', value: 'public, max-age=300, stale-while-revalidate=60' }] },
      { source: '/blog/:slug', headers: [{ key: 'x-blog-slug', value: ':slug' }] },
      { source: '/blog/:year(\\d{4})/:month(\\d{2})/:slug', headers: [{ key: 'x-archive', value: ':year-:month' }] },
      { source: '/_next/static/:path*', headers: [{ key: 'cache-control', value: 'public, max-age=31536000, immutable' }] },
      { source: '/fonts/:file*', headers: [{ key: 'access-control-allow-origin', value: '*' }] },
      { source: '/images/:name.:ext(png|jpg|webp|avif)', headers: [{ key: 'cache-control', value: 'public, max-age=86400' }] },
      { source: '/shop/:category/:id(\\d+)', has: [{ type: 'query', key: 'ref' }], headers: [{ key: 'x-referral', value: ':ref' }] },
      { source: '/account/:path*', has: [{ type: 'cookie', key: 'session' }], headers: [{ key: 'cache-control', value: 'private, no-store' }] },
      { source: '/:path*', has: [{ type: 'header', key: 'x-preview-token', value: '(?<token>[a-f0-9]{32})' }], headers: [{ key: 'x-robots-tag', value: 'noindex' }, { key: 'x-preview', value: ':token' }] },
      { source: '/:path*', has: [{ type: 'host', value: '(?<env>staging|preview)\\.example\\.com' }], headers: [{ key: 'x-robots-tag', value: 'noindex, nofollow' }] },
      { source: '/legal/(privacy|terms|cookies)', headers: [{ key: 'cache-control', value: 'public, max-age=3600' }] },
      { source: '/en/:path*', headers: [{ key: 'content-language', value: 'en' }] },
      { source: '/de/:path*', headers: [{ key: 'content-language', value: 'de' }] },
      { source: '/fr/:path*', headers: [{ key: 'content-language', value: 'fr' }] },
      { source: '/embed/:widget', headers: [{ key: 'content-security-policy', value: "frame-ancestors 'self' https://*.example.com" }] },
      { source: '/sitemap-:n(\\d+).xml', headers: [{ key: 'content-type', value: 'application/xml' }] },
      { source: '/feeds/:name.rss', headers: [{ key: 'content-type', value: 'application/rss+xml' }] },
      { source: '/dashboard/:team/:path*', missing: [{ type: 'cookie', key: 'session' }], headers: [{ key: 'x-auth-required', value: 'team=:team' }] },
      { source: '/v1/:path*', headers: [{ key: 'deprecation', value: 'true' }, { key: 'sunset', value: 'Wed, 31 Dec 2025 23:59:59 GMT' }] },
      { source: '/service-worker.js', headers: [{ key: 'cache-control', value: 'no-cache' }, { key: 'service-worker-allowed', value: '/' }] },
    ]
  },

  // 15 redirects() rules.
  async redirects() {
    return [
      { source: '/old-docs/:path*', destination: '/docs/:path*', permanent: true },
      { source: '/blog/:year(\\d{4})/:month(\\d{2})/:day(\\d{2})/:slug', destination: '/blog/:slug', permanent: true },
      { source: '/home', destination: '/', permanent: true },
      { source: '/index.html', destination: '/', permanent: true },
      { source: '/about-us', destination: '/about', permanent: true },
      { source: '/careers/:id(\\d+)', destination: 'https://jobs.example.com/openings/:id', permanent: false },
      { source: '/twitter', destination: 'https://x.com/example', permanent: false },
      { source: '/docs/v1/:path*', destination: '/docs/v2/:path*', permanent: false },
      { source: '/shop/:category/:id(\\d+)/reviews', destination: '/shop/:category/:id?tab=reviews', permanent: true },
      { source: '/:locale(en|de|fr)/pricing', destination: '/pricing?lang=:locale', permanent: false },
      { source: '/search', has: [{ type: 'query', key: 'q', value: '(?<q>.+)' }], destination: '/find?q=:q', permanent: false },
      { source: '/login', has: [{ type: 'cookie', key: 'session' }], destination: '/account', permanent: false },
      { source: '/wp-admin/:path*', destination: '/', permanent: true },
      { source: '/.well-known/change-password', destination: '/account/password', permanent: false },
      { source: '/p/:id([a-z0-9]{8})', destination: '/posts/:id', statusCode: 301 },
    ]
  },

  // 15 rewrites() rules: 5 beforeFiles, 5 afterFiles, 5 fallback.
  async rewrites() {
    return {
      beforeFiles: [
        { source: '/robots.txt', has: [{ type: 'host', value: 'staging.example.com' }], destination: '/robots-staging.txt' },
        { source: '/app/:path*', has: [{ type: 'header', key: 'x-mobile-app' }], destination: '/mobile/:path*' },
        { source: '/sitemap.xml', destination: '/api/sitemap' },
        { source: '/:locale(en|de|fr)/:path*', destination: '/:path*?locale=:locale' },
        { source: '/blog/feed', destination: '/api/feed' },
      ],
      afterFiles: [
        { source: '/posts/:id', destination: '/blog/:id' },
        { source: '/u/:username', destination: '/users/:username' },
        { source: '/ingest/:path*', destination: 'https://analytics.example.com/:path*' },
        { source: '/docs/:version(v\\d+)/:path*', destination: '/docs/:path*?version=:version' },
        { source: '/shop/:category/:id(\\d+)', destination: '/products/:id?category=:category' },
      ],
      fallback: [
        { source: '/legacy/:path*', destination: 'https://legacy.example.com/:path*' },
        { source: '/cms/:slug*', destination: 'https://cms.example.com/:slug*' },
        { source: '/old-api/:path*', destination: '/api/v2/:path*' },
        { source: '/img/:path*', destination: 'https://images.example.com/:path*' },
        { source: '/status', destination: 'https://status.example.com/' },
      ],
    }
  },
}

export default config
