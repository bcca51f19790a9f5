// The rules of next.config.mjs, in a module of their own (the config
// imports it). Sources are relative to the basePath `/docs` unless the rule
// says `basePath: false`.

export const headerRules = [
  // Every path, including 404s and public files.
  { source: '/:path*', headers: [{ key: 'x-all', value: 'every-path' }] },
  // A route's own header vs a rule's: the rule wins in Next.
  { source: '/hello', headers: [{ key: 'x-shared', value: 'from-config' }] },
  // Two rules setting the same header.
  { source: '/hello', headers: [{ key: 'x-twice', value: 'first' }] },
  { source: '/hello', headers: [{ key: 'x-twice', value: 'second' }] },
  // A regex group on a param.
  { source: '/items/:id(\\d{1,3})', headers: [{ key: 'x-item-id', value: 'id=:id' }] },
  // has: header with a value (literal), header without a value (captured as :xtenant).
  { source: '/hello', has: [{ type: 'header', key: 'x-flag', value: 'on' }], headers: [{ key: 'x-had-flag', value: 'yes' }] },
  { source: '/items/:id', has: [{ type: 'header', key: 'x-tenant' }], headers: [{ key: 'x-tenant-seen', value: 'tenant=:xtenant' }] },
  // has: cookie with a named group, query with a value, host.
  { source: '/hello', has: [{ type: 'cookie', key: 'session', value: '(?<sess>ok-\\w+)' }], headers: [{ key: 'x-session', value: ':sess' }] },
  { source: '/hello', has: [{ type: 'query', key: 'debug', value: '1' }], headers: [{ key: 'x-debug', value: 'query' }] },
  { source: '/hello', has: [{ type: 'host', value: 'tenant.example.com' }], headers: [{ key: 'x-host-match', value: 'tenant' }] },
  // missing: applied unless the header is sent.
  { source: '/hello', missing: [{ type: 'header', key: 'x-no-extra' }], headers: [{ key: 'x-missing-rule', value: 'applied' }] },
  // basePath: false — matches outside /docs only.
  { source: '/outside/:path*', basePath: false, headers: [{ key: 'x-outside', value: 'no-basepath' }] },
  // A param into a header value (stays percent-encoded).
  { source: '/files/:name', headers: [{ key: 'x-file-name', value: 'n=:name' }] },
  // Public files get headers too.
  { source: '/hello.txt', headers: [{ key: 'x-public-rule', value: 'txt' }, { key: 'cache-control', value: 'public, max-age=60' }] },
]

export const redirectRules = [
  { source: '/old-hello', destination: '/hello', permanent: true },
  { source: '/moved', destination: '/hello', statusCode: 301 },
  { source: '/temp', destination: '/hello', permanent: false },
  { source: '/old-items/:id', destination: '/items/:id', permanent: false },
  { source: '/with-query', destination: '/hello?from=redirect&keep=dest', permanent: false },
  { source: '/by-lang', has: [{ type: 'header', key: 'x-lang' }], destination: '/hello?lang=:xlang', permanent: false },
  { source: '/by-query', has: [{ type: 'query', key: 'page', value: '(?<page>\\d+)' }], destination: '/items/:page', permanent: false },
  { source: '/external', destination: 'https://example.com/landing', permanent: false },
  { source: '/ext/:slug', destination: 'https://example.com/x/:slug?src=docs', permanent: true },
  { source: '/legacy', destination: '/docs/hello', basePath: false, permanent: false },
  // Competes with a rewrite on the same source: redirects come first.
  { source: '/compete', destination: '/hello', permanent: false },
  // A redirect onto a public file.
  { source: '/old-file', destination: '/hello.txt', permanent: false },
]

// The array form: every rule is an afterFiles rewrite.
export const rewriteRules = [
  { source: '/alias', destination: '/static-target' },
  { source: '/product/:id', destination: '/items/:id' },
  { source: '/search-alias', destination: '/static-target?via=rewrite' },
  // :b is not used by the destination.
  { source: '/unused/:a/:b', destination: '/items/:a' },
  { source: '/compete', destination: '/static-target' },
  { source: '/alias-file', destination: '/hello.txt' },
  { source: '/catch/:rest*', destination: '/files/:rest*' },
  // (A `basePath: false` rewrite to an internal path is refused by
  // `next build`: "rewrites urls outside of the basePath. Please use a
  // destination that starts with http:// or https://".)
]
