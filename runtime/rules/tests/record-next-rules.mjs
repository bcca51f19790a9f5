// Records what next@16.4.6 answers for a table of next.config rules and requests, by running
// Next's own compiled router (load-custom-routes, the router's buildCustomRoute, resolve-routes,
// getMiddlewareMatchers) with a fake filesystem. Writes next-answers.json beside this file.
//
//   node runtime/rules/tests/record-next-rules.mjs [path/to/node_modules/next/dist]
//
// The Rust test (src/tests.rs) replays every entry against edgeroute_rules.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import url from 'node:url';
import path from 'node:path';

const NEXT = process.argv[2] || process.env.NEXT_DIST ||
  '/root/.cache/edgeroute-oracle/1251ef791289dbec/node_modules/next/dist';
const require = createRequire(import.meta.url);
const load = (p) => require(path.join(NEXT, p));

const loadCustomRoutes = load('lib/load-custom-routes.js').default;
const { buildCustomRoute } = load('server/lib/router-utils/filesystem.js');
const { getResolveRoutes } = load('server/lib/router-utils/resolve-routes.js');
const { getRouteRegex } = load('shared/lib/router/utils/route-regex.js');
const { getRouteMatcher } = load('shared/lib/router/utils/route-matcher.js');
const { stringifyQuery } = load('server/server-route-utils.js');
const { getMiddlewareMatchers } = load('build/analysis/get-page-static-info.js');
const { getMiddlewareRouteMatcher } = load('shared/lib/router/utils/middleware-route-matcher.js');
const { parseUrl } = load('shared/lib/router/utils/parse-url.js');
const { pathToRegexp } = load('compiled/path-to-regexp/index.js');
const { compileNonPath } = load('shared/lib/router/utils/prepare-destination.js');

// Next reports invalid configs with console.error + process.exit(1): turn that into a throw.
async function quietly(fn) {
  const exit = process.exit, err = console.error, warn = console.warn;
  const lines = [];
  process.exit = (code) => { throw new Error(`exit ${code}: ${lines.join(' | ')}`); };
  console.error = (...a) => lines.push(a.join(' '));
  console.warn = () => {};
  try { return await fn(); } finally { process.exit = exit; console.error = err; console.warn = warn; }
}

function nextConfig(cfg) {
  const c = {
    basePath: cfg.basePath || '',
    trailingSlash: !!cfg.trailingSlash,
    skipTrailingSlashRedirect: !!cfg.skipTrailingSlashRedirect,
    skipProxyUrlNormalize: !!cfg.skipProxyUrlNormalize,
    assetPrefix: cfg.assetPrefix || '',
    useFileSystemPublicRoutes: true,
    experimental: { caseSensitiveRoutes: !!(cfg.experimental && cfg.experimental.caseSensitiveRoutes) },
  };
  // deep copies: Next mutates the rules
  const copy = (v) => JSON.parse(JSON.stringify(v));
  if (cfg.headers) c.headers = async () => copy(cfg.headers);
  if (cfg.redirects) c.redirects = async () => copy(cfg.redirects);
  if (cfg.rewrites) c.rewrites = async () => copy(cfg.rewrites);
  return c;
}

function hasPrefix(p, prefix) {
  return p === prefix || p.startsWith(prefix + '/');
}

async function buildResolver(cfg, files, dynamicPages) {
  const config = nextConfig(cfg);
  const routes = await quietly(() => loadCustomRoutes(config));
  const bp = config.basePath;
  const cs = config.experimental.caseSensitiveRoutes;
  const build = (type, list) => list.map((r) => buildCustomRoute(type, r, bp, cs));
  const fileSet = new Set(files);
  // a stand-in for Next's filesystem checker: getItem's basePath and trailing-slash handling
  const getItem = async (itemPath) => {
    if (bp && !hasPrefix(itemPath, bp)) return null;
    if (bp) itemPath = itemPath.slice(bp.length) || '/';
    if (!itemPath.startsWith('/')) itemPath = '/' + itemPath;
    if (itemPath !== '/' && itemPath.endsWith('/')) itemPath = itemPath.slice(0, -1);
    if (fileSet.has(itemPath)) return { type: 'appFile', itemPath, fsPath: itemPath };
    if (dynamicPages.includes(itemPath)) return { type: 'appFile', itemPath, fsPath: itemPath };
    return null;
  };
  const fsChecker = {
    headers: build('header', routes.headers),
    onMatchHeaders: [],
    redirects: build('redirect', routes.redirects),
    rewrites: {
      beforeFiles: routes.rewrites.beforeFiles.map((r) => buildCustomRoute('before_files_rewrite', r)),
      afterFiles: build('rewrite', routes.rewrites.afterFiles),
      fallback: build('rewrite', routes.rewrites.fallback),
    },
    exportPathMapRoutes: undefined,
    buildId: 'BUILD',
    getItem,
    getDynamicRoutes: () => dynamicPages.map((page) => ({ page, match: getRouteMatcher(getRouteRegex(page)) })),
    handleLocale: (pathname) => ({ pathname }),
    getMiddlewareMatchers: () => undefined,
  };
  return getResolveRoutes(fsChecker, { ...config, i18n: undefined }, () => '', { dev: false, minimalMode: false });
}

function headerList(resHeaders) {
  // what res.setHeader leaves: one entry per lowercased name, the last one set
  const out = {};
  for (const k of Object.keys(resHeaders || {})) {
    const v = resHeaders[k];
    out[k.toLowerCase()] = Array.isArray(v) ? v : [String(v)];
  }
  return out;
}

async function answer(resolve, request) {
  const target = request.path + (request.query != null ? '?' + request.query : '');
  const req = { url: target, headers: { ...(request.headers || {}) }, socket: {} };
  const res = { setHeader() {}, getHeader() {}, closed: false, finished: false };
  let r;
  try {
    r = await resolve({ req, res, isUpgradeReq: true, invokedOutputs: new Set() });
  } catch (e) {
    return { kind: 'error', message: String(e.message) };
  }
  const headers = r.resHeaders === null ? {} : headerList(r.resHeaders);
  if (r.finished && r.statusCode && r.statusCode > 300 && r.statusCode < 400) {
    return { kind: 'redirect', status: r.statusCode, location: url.format(r.parsedUrl), headers };
  }
  if (r.finished && r.parsedUrl.protocol) {
    const p = { ...r.parsedUrl };
    const q = p.query; delete p.query;
    p.search = stringifyQuery(req, q);
    return { kind: 'external', url: new URL(url.format(p)).href, headers };
  }
  if (r.matchedOutput) {
    const query = [];
    for (const [k, v] of Object.entries(r.parsedUrl.query)) {
      for (const x of Array.isArray(v) ? v : [v]) query.push([k, String(x)]);
    }
    return { kind: 'hit', item: r.matchedOutput.itemPath, query, headers };
  }
  return { kind: 'notfound', headers };
}

async function proxyAnswer(m, basePath, request) {
  // without config.matcher Next's build records a match-all matcher
  const matchers = m === undefined ? [{ regexp: '.*', originalSource: '/:path*' }]
    : await quietly(() => getMiddlewareMatchers(m, { basePath }));
  const match = getMiddlewareRouteMatcher(matchers);
  const target = request.path + (request.query != null ? '?' + request.query : '');
  const parsed = parseUrl(target);
  const req = { headers: { ...(request.headers || {}) } };
  let decoded = parsed.pathname;
  try { decoded = decodeURIComponent(decoded); } catch {}
  return !!(match(parsed.pathname, req, parsed.query) || match(decoded, req, parsed.query));
}

const { cases, proxy, invalid, patterns, nonPath } = (await import('./next-rules-table.mjs')).default;
const out = { next: '16.4.6', cases: [], proxy: [], invalid: [], patterns: [], nonPath: [] };
const regexOf = (src, opts) => {
  try { return { regex: pathToRegexp(src, [], opts).source.replace(/\\\//g, '/') }; } catch (e) { return { error: String(e.message) }; }
};
for (const src of patterns) {
  out.patterns.push({ source: src,
    route: regexOf(src, { strict: true, sensitive: false, delimiter: '/' }),
    defaults: regexOf(src, {}) });
}
for (const [value, params] of nonPath) {
  let result;
  try { result = { value: compileNonPath(value, params) }; } catch (e) { result = { error: String(e.message) }; }
  out.nonPath.push({ value, params, result });
}
for (const c of cases) {
  const resolve = await buildResolver(c.config, c.files || [], c.dynamic || []);
  const requests = [];
  for (const rq of c.requests) requests.push({ request: rq, answer: await answer(resolve, rq) });
  out.cases.push({ name: c.name, config: c.config, files: c.files || [], dynamic: c.dynamic || [], requests });
}
for (const p of proxy) {
  const requests = [];
  for (const rq of p.requests) requests.push({ request: rq, matches: await proxyAnswer(p.matcher, p.basePath || '', rq) });
  out.proxy.push({ name: p.name, matcher: p.matcher, basePath: p.basePath || '', requests });
}
for (const v of invalid) {
  let error = null;
  try { await buildResolver(v.config, [], []); } catch (e) { error = String(e.message); }
  out.invalid.push({ name: v.name, config: v.config, error });
}
const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(path.join(here, 'next-answers.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`recorded ${out.cases.length} cases, ${out.proxy.length} proxy matchers, ${out.invalid.length} invalid configs`);
