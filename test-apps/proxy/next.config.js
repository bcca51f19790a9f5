/** @type {import('next').NextConfig} */
module.exports = {
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      // Against the proxy's and the route's own x-prec / x-prec2.
      {
        source: '/api/precedence',
        headers: [
          { key: 'x-prec', value: 'from-config' },
          { key: 'x-prec2', value: 'from-config' },
        ],
      },
      // On the proxy's own answers.
      { source: '/short/:path*', headers: [{ key: 'x-config-header', value: 'on-proxy-answer' }] },
      { source: '/:path*', headers: [{ key: 'x-config-all', value: '1' }] },
    ]
  },
  async redirects() {
    // The proxy has an answer of its own for this path: redirects() comes first.
    return [{ source: '/config-redirect', destination: '/api/echo?from=config', permanent: false }]
  },
}
