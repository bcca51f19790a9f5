// The inputs record-next-rules.mjs feeds to Next: configs, files, dynamic routes, requests.
const r = (path, query, headers) => ({ path, query: query ?? null, headers: headers || {} });
const files = ['/', '/about', '/api/hello', '/robots.txt', '/docs/intro', '/new/place', '/target', '/v2/users'];
const dynamic = ['/blog/[slug]', '/shop/[...rest]', '/users/[id]'];

const cases = [
  {
    name: 'no config',
    config: {},
    files, dynamic,
    requests: [r('/about'), r('/about/'), r('/about', 'a=1'), r('/blog/x'), r('/nope'), r('/'), r('//about'),
      r('/a\\b'), r('/shop/a/b/c', 'q=1&q=2'), r('/ABOUT'), r('/about/', 'x=%20y')],
  },
  {
    name: 'pattern forms',
    config: {
      redirects: [
        { source: '/one/:a', destination: '/target/:a', permanent: false },
        { source: '/star/:rest*', destination: '/target/:rest*', permanent: true },
        { source: '/plus/:rest+', destination: '/target/:rest+', permanent: true },
        { source: '/opt/:maybe?', destination: '/target?m=:maybe', permanent: true },
        { source: '/re/:id(\\d+)', destination: '/target/num-:id', statusCode: 301 },
        { source: '/unnamed/(.*)', destination: '/target', statusCode: 302 },
        { source: '/grp{-:x}?', destination: '/target/:x', statusCode: 303 },
        { source: '/two/:a-:b', destination: '/target/:b/:a', permanent: false },
        { source: '/file.:ext', destination: '/target/:ext', permanent: false },
        { source: '/look/((?!skip).*)', destination: '/target', permanent: false },
        { source: '/ext', destination: 'https://example.com/x/?y=1', permanent: false },
        { source: '/exth/:p', destination: 'https://:p.example.com/', permanent: false },
        { source: '/hash', destination: '/target#frag', permanent: false },
        { source: '/q', destination: '/target?fixed=1&tpl=:v', permanent: false, has: [{ type: 'query', key: 'v' }] },
        { source: '/enc/:w', destination: '/target/:w', permanent: false },
      ],
    },
    files, dynamic,
    requests: [r('/one/x'), r('/one/x/'), r('/one/x', 'k=v&k=w'), r('/ONE/x'), r('/one/x/y'), r('/star'), r('/star/a/b'),
      r('/plus'), r('/plus/a/b'), r('/opt'), r('/opt/z'), r('/re/12'), r('/re/ab'), r('/unnamed/a/b'), r('/grp'),
      r('/grp-7'), r('/two/l-r'), r('/file.json'), r('/look/skip'), r('/look/other'), r('/ext', 'a=b'),
      r('/exth/sub'), r('/hash'), r('/q', 'v=hi%20there&z=1'), r('/enc/a%20b', 'x=%2F'), r('/_next/static/x'),
      r('/one/%E2%82%AC')],
  },
  {
    name: 'has and missing',
    config: {
      headers: [
        { source: '/h/:path*', headers: [{ key: 'x-path', value: ':path*' }, { key: 'x-one', value: 'one' }] },
        { source: '/h/:p', headers: [{ key: 'X-One', value: 'two-:p' }] },
        { source: '/hh', has: [{ type: 'header', key: 'X-Flag' }], headers: [{ key: 'x-got', value: ':xflag' }] },
        { source: '/hh', has: [{ type: 'header', key: 'x-ver', value: 'v(?<ver>\\d+)' }], headers: [{ key: 'x-ver', value: 'is-:ver' }] },
        { source: '/hh', missing: [{ type: 'cookie', key: 'sess' }], headers: [{ key: 'x-anon', value: '1' }] },
        { source: '/hh', has: [{ type: 'cookie', key: 'sess', value: '(?<sid>.*)' }], headers: [{ key: 'x-sid', value: ':sid' }] },
        { source: '/hh', has: [{ type: 'host', value: '(?<sub>[^.]+)\\.example\\.com' }], headers: [{ key: 'x-sub', value: ':sub' }] },
        { source: '/hh', has: [{ type: 'host', value: 'localhost' }], headers: [{ key: 'x-local', value: ':host' }] },
        { source: '/hh', has: [{ type: 'query', key: 'page' }], headers: [{ key: 'x-page', value: ':page' }] },
        { source: '/hh', has: [{ type: 'query', key: 'n', value: '\\d+' }], headers: [{ key: 'x-n', value: 'num' }] },
        { source: '/:any*', headers: [{ key: 'set-cookie', value: 'a=1' }] },
        { source: '/hh', headers: [{ key: 'Set-Cookie', value: 'b=2' }, { key: 'set-cookie', value: 'c=3' }] },
      ],
    },
    files, dynamic,
    requests: [r('/h/a/b'), r('/h/a'), r('/hh'), r('/hh', null, { 'x-flag': 'on%20it' }), r('/hh', null, { 'x-flag': '' }),
      r('/hh', null, { 'x-ver': 'v12' }), r('/hh', null, { 'x-ver': 'v1x' }), r('/hh', null, { cookie: 'a=1; sess=ab%20c' }),
      r('/hh', null, { host: 'shop.example.com:3000' }), r('/hh', null, { host: 'localhost:3000' }),
      r('/hh', 'page=2'), r('/hh', 'page='), r('/hh', 'n=1&n=x'), r('/hh', 'n=x&n=12'), r('/HH')],
  },
  {
    name: 'rewrites phases',
    config: {
      rewrites: {
        beforeFiles: [
          { source: '/about', destination: '/target' },
          { source: '/chain1', destination: '/chain2' },
          { source: '/chain2', destination: '/docs/intro' },
          { source: '/bf-ext/:p*', destination: 'https://ext.example.com/:p*' },
        ],
        afterFiles: [
          { source: '/robots.txt', destination: '/nope' },
          { source: '/af/:slug', destination: '/blog/:slug' },
          { source: '/af2/:slug', destination: '/missing/:slug' },
          { source: '/af2/:slug', destination: '/users/:slug' },
          { source: '/params/:id', destination: '/target' },
          { source: '/params2/:id', destination: '/target?keep=:id' },
          { source: '/params3/:id/:x', destination: '/users/:id' },
          { source: '/ext/:path*', destination: 'https://api.example.com/v1/:path*' },
          { source: '/extq', destination: 'https://api.example.com/q?a=1' },
        ],
        fallback: [
          { source: '/:path*', destination: '/shop/:path*' },
        ],
      },
    },
    files, dynamic,
    requests: [r('/about'), r('/chain1'), r('/robots.txt'), r('/af/x'), r('/af2/7'), r('/params/5', 'z=1'), r('/params2/5'),
      r('/params3/5/y', 'x=q'), r('/ext/a/b', 'q=1%202'), r('/extq', 'b=2&a=9'), r('/bf-ext/z'), r('/anything/else'),
      r('/blog/post'), r('/'), r('/target/')],
  },
  {
    name: 'plain array rewrites with dynamic competition',
    config: { rewrites: [{ source: '/blog/:slug', destination: '/target' }, { source: '/x', destination: '/blog/from-x' }] },
    files, dynamic,
    requests: [r('/blog/a'), r('/x'), r('/target')],
  },
  {
    name: 'basePath',
    config: {
      basePath: '/docs',
      redirects: [
        { source: '/old', destination: '/new/place', permanent: true },
        { source: '/out', destination: '/about', basePath: false, permanent: false },
        { source: '/abs', destination: 'https://example.com/', permanent: false },
        { source: '/_next/:p*', destination: '/about', permanent: false },
      ],
      rewrites: [
        { source: '/rw', destination: '/target' },
        { source: '/outside', destination: 'https://example.org/o', basePath: false },
      ],
      headers: [{ source: '/:p*', headers: [{ key: 'x-bp', value: 'yes' }] }],
    },
    files, dynamic,
    requests: [r('/docs/old'), r('/old'), r('/out'), r('/docs/out'), r('/docs/abs'), r('/docs/rw'), r('/outside'),
      r('/docs'), r('/docs/'), r('/docs/about'), r('/about'), r('/docs/blog/x'), r('/docs/about/'), r('/docs/_next/a'),
      r('/documents')],
  },
  {
    name: 'trailingSlash true',
    config: { trailingSlash: true, redirects: [{ source: '/r', destination: '/about', permanent: true }] },
    files, dynamic,
    requests: [r('/about'), r('/about/'), r('/robots.txt'), r('/robots.txt/'), r('/a.b/c'), r('/.well-known/x.json/'),
      r('/r'), r('/r/'), r('/'), r('/blog/x/', 'q=1'), r('/img.png/', null, { 'x-nextjs-data': '1' })],
  },
  {
    name: 'trailingSlash true with basePath',
    config: { trailingSlash: true, basePath: '/b' },
    files, dynamic,
    requests: [r('/b'), r('/b/'), r('/b/about'), r('/b/about/'), r('/b/robots.txt/')],
  },
  {
    name: 'skipTrailingSlashRedirect',
    config: { skipTrailingSlashRedirect: true, basePath: '/b' },
    files, dynamic,
    requests: [r('/b/about/'), r('/b/'), r('/b/about')],
  },
  {
    name: 'caseSensitiveRoutes',
    config: { experimental: { caseSensitiveRoutes: true }, redirects: [{ source: '/Case', destination: '/about', permanent: false }] },
    files, dynamic,
    requests: [r('/Case'), r('/case')],
  },
  {
    name: 'params from has into destinations',
    config: {
      rewrites: {
        beforeFiles: [
          { source: '/who', has: [{ type: 'query', key: 'user' }], destination: '/users/:user' },
          { source: '/sess', has: [{ type: 'cookie', key: 'sid', value: '(?<sid>[a-z]+)' }], destination: '/users/:sid?from=cookie' },
          { source: '/tenant/:path*', has: [{ type: 'host', value: '(?<sub>[a-z]+)\\.example\\.com' }], destination: 'https://:sub.backend.test/:path*' },
          { source: '/override', destination: '/target?a=dest&b=:b', has: [{ type: 'query', key: 'b' }] },
        ],
        afterFiles: [
          { source: '/spread/:rest*', destination: '/target' },
          { source: '/root', destination: '/' },
          { source: '/port/:x', destination: 'http://localhost:3001/p/:x?k=v' },
        ],
      },
      redirects: [
        { source: '/amp', destination: '/target?x=:v', permanent: false, has: [{ type: 'query', key: 'v' }] },
        { source: '/portr', destination: 'http://localhost:3001/x', permanent: false },
        { source: '/catch/:path*', destination: '/target/:path*', permanent: false },
      ],
      headers: [
        { source: '/bad/:p', headers: [{ key: 'x-bad', value: 'v-:p*' }] },
        { source: '/nobp', basePath: false, headers: [{ key: 'x-nobp', value: '1' }] },
      ],
    },
    files, dynamic,
    requests: [r('/who', 'user=42'), r('/who'), r('/sess', null, { cookie: 'sid=abc' }), r('/sess', null, { cookie: 'sid=ABC' }),
      r('/tenant/a/b', 'q=1', { host: 'acme.example.com' }), r('/tenant/a', null, { host: 'other.test' }),
      r('/override', 'a=req&b=2&c=3'), r('/spread/a/b', 'z=1'), r('/root'), r('/port/9', 'k=req'),
      r('/amp', 'v=a%26b'), r('/amp', 'v=x&w=%20'), r('/portr'), r('/catch/_next/x'), r('/_next/x/y'), r('/bad/1'),
      r('/nobp'), r('/a/../about'), r('/a/./about/..'), r('/users/%20x'), r('/caf\u00e9')],
  },
  {
    name: 'basePath with fallback and root destination',
    config: {
      basePath: '/docs',
      rewrites: { fallback: [{ source: '/:p*', destination: '/' }], afterFiles: [{ source: '/home', destination: '/' }] },
      headers: [{ source: '/nobp', basePath: false, headers: [{ key: 'x-nobp', value: '1' }] }],
      redirects: [{ source: '/:p*', destination: '/about', permanent: false, has: [{ type: 'header', key: 'x-go' }] }],
    },
    files, dynamic,
    requests: [r('/docs/home'), r('/docs/whatever'), r('/nobp'), r('/docs/nobp'), r('/docs/x', null, { 'x-go': '1' }),
      r('/docs/_next/static/a', null, { 'x-go': '1' }), r('/docs/blog/a')],
  },
  {
    name: 'trailingSlash rewrites',
    config: { trailingSlash: true, rewrites: [{ source: '/rw/', destination: '/about/' }, { source: '/dyn/:id/', destination: '/users/:id/' }] },
    files, dynamic,
    requests: [r('/rw/'), r('/dyn/3/'), r('/rw')],
  },
  {
    name: 'query encoding and key order',
    config: {
      redirects: [
        { source: '/raw', destination: '/target?x=a b&y=%2F&z=:k', permanent: false, has: [{ type: 'query', key: 'k' }] },
        { source: '/num', destination: '/target?5=five&a=:a', permanent: false, has: [{ type: 'query', key: 'a' }] },
        { source: '/arr/:p*', destination: '/target?all=:p*', permanent: false },
        { source: '/hdr', destination: '/target/:xv', permanent: false, has: [{ type: 'header', key: 'xv' }] },
        { source: '/multi/:a/:b', destination: '/target/:a', permanent: false },
        { source: '/repeat/:p', destination: '/target/:p*', permanent: false },
        { source: '/badrep/:p*', destination: '/target/:p', permanent: false },
      ],
      rewrites: [
        { source: '/rnum/:id', destination: '/target?10=ten' },
        { source: '/rq', destination: '/target?a=1&a=2' },
      ],
    },
    files, dynamic,
    requests: [r('/raw', 'k=%26q'), r('/raw', 'k=plain'), r('/num', 'b=1&2=x&a=%3D'), r('/arr/a/b'), r('/arr'),
      r('/hdr', null, { xv: 'a%2Fb c' }), r('/multi/1/2', 'q=%E2%82%AC'), r('/repeat/x'), r('/badrep/a/b'),
      r('/rnum/7', 'b=1&3=x'), r('/rq', 'a=0'), r('/target', '+=%2B&x+y=1')],
  },
  {
    name: 'assetPrefix',
    config: { assetPrefix: 'https://cdn.example.com/static-pfx', basePath: '/bp' },
    files: [...files, '/_next/static/chunk.js'], dynamic,
    requests: [r('/static-pfx/_next/static/chunk.js'), r('/bp/_next/static/chunk.js'), r('/static-pfx/_next')],
  },
  {
    name: 'assetPrefix relative',
    config: { assetPrefix: 'pfx' },
    files: [...files, '/_next/static/chunk.js'], dynamic,
    requests: [r('/pfx/_next/static/chunk.js'), r('/PFX/_next/static/chunk.js/')],
  },
];

const proxy = [
  { name: 'absent', matcher: undefined, requests: [r('/'), r('/anything/x')] },
  { name: 'string', matcher: '/api/:path*', requests: [r('/api'), r('/api/x/y'), r('/apix'), r('/API/x'), r('/api.json'),
    r('/_next/data/BUILD/api/x.json'), r('/api/x.rsc'), r('/other')] },
  { name: 'root', matcher: '/', requests: [r('/'), r('/index'), r('/index.json'), r('/index.rsc'), r('/x')] },
  { name: 'array', matcher: ['/about', '/blog/:slug'], requests: [r('/about'), r('/about/'), r('/blog/a'), r('/blog/a/b'), r('/x')] },
  { name: 'lookahead', matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'],
    requests: [r('/'), r('/api/x'), r('/_next/static/a.js'), r('/page'), r('/favicon.ico'), r('/apis')] },
  { name: 'objects', matcher: [
    { source: '/guarded/:p*', has: [{ type: 'header', key: 'authorization' }], missing: [{ type: 'cookie', key: 'skip' }] },
    { source: '/q', has: [{ type: 'query', key: 'x', value: 'y+' }] },
  ], requests: [r('/guarded/a'), r('/guarded/a', null, { authorization: 'B' }), r('/guarded/a', null, { authorization: 'B', cookie: 'skip=1' }),
    r('/q', 'x=yy'), r('/q', 'x=z'), r('/q')] },
  { name: 'encoded', matcher: '/caf\u00e9', requests: [r('/caf%C3%A9'), r('/cafe')] },
  { name: 'basePath', matcher: '/p/:x', basePath: '/bp', requests: [r('/bp/p/1'), r('/p/1'), r('/bp/_next/data/B/p/1.json')] },
  { name: 'decoded fallback', matcher: '/a b', requests: [r('/a%20b'), r('/a%2'), r('/a b')] },
  { name: 'optional and regex', matcher: ['/opt/:x?', '/num/:id(\\d+)', '/files/:rest+'],
    requests: [r('/opt'), r('/opt/1'), r('/num/12'), r('/num/ab'), r('/files'), r('/files/a/b'), r('/files/a.rsc')] },
  { name: 'missing host', matcher: [{ source: '/:p*', missing: [{ type: 'host', value: 'internal\\..*' }] }],
    requests: [r('/x', null, { host: 'internal.local' }), r('/x', null, { host: 'public.test' })] },
];

const invalid = [
  { name: 'source without slash', config: { redirects: [{ source: 'x', destination: '/y', permanent: true }] } },
  { name: 'no destination', config: { rewrites: [{ source: '/x' }] } },
  { name: 'no permanent', config: { redirects: [{ source: '/x', destination: '/y' }] } },
  { name: 'bad status', config: { redirects: [{ source: '/x', destination: '/y', statusCode: 304 }] } },
  { name: 'bad has type', config: { rewrites: [{ source: '/x', destination: '/y', has: [{ type: 'body', key: 'a' }] }] } },
  { name: 'host without value', config: { rewrites: [{ source: '/x', destination: '/y', has: [{ type: 'host' }] }] } },
  { name: 'unknown field', config: { headers: [{ source: '/x', headers: [{ key: 'a', value: 'b' }], extra: 1 }] } },
  { name: 'empty headers', config: { headers: [{ source: '/x', headers: [] }] } },
  { name: 'dest param not in source', config: { rewrites: [{ source: '/x', destination: '/y/:z' }] } },
  { name: 'dest param from has', config: { rewrites: [{ source: '/x', destination: '/y/:z', has: [{ type: 'query', key: 'z' }] }] } },
  { name: 'unnamed in dest', config: { rewrites: [{ source: '/x/(.*)', destination: '/y/:0' }] } },
  { name: 'basePath false internal rewrite', config: { basePath: '/b', rewrites: [{ source: '/x', destination: '/y', basePath: false }] } },
  { name: 'bad destination scheme', config: { rewrites: [{ source: '/x', destination: 'ftp://y' }] } },
  { name: 'source parse failure', config: { redirects: [{ source: '/x/:', destination: '/y', permanent: true }] } },
  { name: 'locale true', config: { redirects: [{ source: '/x', destination: '/y', permanent: true, locale: true }] } },
  { name: 'valid with locale false', config: { redirects: [{ source: '/x', destination: '/y', permanent: true, locale: false }] } },
];

const patterns = ['/', '/a', '/a/:b', '/:a*', '/:a+', '/:a?', '/a/:b(\\d+)', '/a/(.*)', '/a{-:b}?', '/a/:b-:c', '/:a.:b',
  '/file.:ext?', '/a/:b/', '/((?!api|_next).*)', '/a\\:b', '/a/:b*/c', '{/:x}*', '/:a:b', '/a/:', '/a/(', '/a/(?x)', '/a/((b))',
  '/a{b}c', '/caf\u00e9/:x', '/a+b', '/a/:b(x|y)+', '/:a-:b*'];
const nonPath = [
  ['plain', { a: '1' }], [':a', { a: '1' }], ['x-:a-y', { a: '1' }], [':ab', { a: '1' }], [':a*', { a: ['x', 'y'] }],
  ['/:a*', { a: ['x', 'y'] }], [':a', { a: ['x', 'y'] }], ['(:a)', { a: 'v' }], [':a?', {}], [':missing', { a: '1' }],
  ['{:a}', { a: 'q' }], [':a+b', { a: 'z' }], ['max-age=:age', { age: '60' }], [':a:b', { a: '1', b: '2' }]];

export default { cases, proxy, invalid, patterns, nonPath };
