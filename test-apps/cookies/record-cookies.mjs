#!/usr/bin/env node
// Ground truth for the cookie parser and serialiser of Next.js (the
// @edge-runtime/cookies copy bundled in next, behind NextRequest.cookies,
// NextResponse.cookies and next/headers cookies()).
//
//   node test-apps/cookies/record-cookies.mjs [--next-dir DIR]
//
// Loads next@16.4.6 from the oracle cache that test-apps/record-nextjs.mjs
// installs (~/.cache/edgeroute-oracle/<key>/, EDGEROUTE_ORACLE_CACHE to move
// it; run the recorder once first) and writes next-cookies.json next to this
// script:
//
//   { "nextVersion": "16.4.6",
//     "frozenNow": { "$date": ms },     Date.now() while the serialise cases run
//     "parse": [{ "cookie": "...", "getAll": [{ name, value }] }],
//     "serialize": [{ "existing"?: [...], "set" | "delete": [args...], "setCookie": ["..."] }],
//     "merge": [{ "cookie": "...", "mutations": [["set" | "delete", args...]], "own": ["..."],
//                 "merged": bool, "setCookie": ["..."] }] }
//
// parse: `new RequestCookies(new Headers({ cookie })).getAll()`. The Cookie
// value goes through Headers first, exactly like a real request (leading and
// trailing spaces/tabs are stripped). Raw UTF-8 on the wire reaches Node as
// Latin-1 (one character per byte): such inputs are written that way. An
// input Headers itself rejects gets "error" instead of "getAll".
//
// serialize: one ResponseCookies on a fresh Headers (holding the `existing`
// Set-Cookie lines, if any: that is how next/headers cookies() mutations get
// merged into a Response's own Set-Cookie lines), one set(...) or
// delete(...) call, then `headers.getSetCookie()`. Dates in args are
// { "$date": ms }. A non-zero maxAge writes Expires = Date.now() + maxAge, so
// Date.now is frozen at `frozenNow` while these cases run.
//
// merge (an addition to the parse/serialize pair): what a route handler sends
// when it mutated next/headers cookies() and returned a Response with its own
// Set-Cookie lines. Next's own code does it: the request's cookies ("cookie")
// wrapped by MutableRequestCookiesAdapter, the `mutations` applied to it, then
// appendMutableCookies(headers holding `own`). "merged": false means there was
// no mutation and the own lines go out untouched. Date.now is frozen too (an
// own Max-Age gets an Expires).

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const NEXT_VERSION = '16.4.6'

// Same package.json (and so the same cache key) as test-apps/record-nextjs.mjs.
const PINS = {
  dependencies: { next: '16.4.6', react: '19.3.1', 'react-dom': '19.3.1' },
  devDependencies: {
    typescript: '5.9.3',
    '@types/node': '20.19.43',
    '@types/react': '19.3.0',
    '@types/react-dom': '19.3.0',
  },
}

function oracleDir() {
  const i = process.argv.indexOf('--next-dir')
  if (i !== -1) return path.resolve(process.argv[i + 1])
  const pkg = JSON.stringify({ name: 'edgeroute-oracle-app', private: true, ...PINS }, null, 2) + '\n'
  const key = createHash('sha256').update(pkg).digest('hex').slice(0, 16)
  const root = process.env.EDGEROUTE_ORACLE_CACHE || path.join(os.homedir(), '.cache', 'edgeroute-oracle')
  return path.join(root, key)
}

const dir = oracleDir()
if (!fs.existsSync(path.join(dir, 'node_modules', 'next', 'package.json'))) {
  console.error(`no next in ${dir}: run node test-apps/record-nextjs.mjs <app> once (it installs the cache)`)
  process.exit(1)
}
const require = createRequire(path.join(dir, 'package.json'))
const nextVersion = require('next/package.json').version
if (nextVersion !== NEXT_VERSION) {
  console.error(`expected next@${NEXT_VERSION} in ${dir}, found ${nextVersion}`)
  process.exit(1)
}
const { NextRequest, NextResponse } = require('next/server')
// next/server does not export the classes themselves; this is the module
// NextRequest.cookies / NextResponse.cookies are built from (checked below).
const { RequestCookies, ResponseCookies } = require('next/dist/server/web/spec-extension/cookies')
if (!(new NextRequest('http://localhost/').cookies instanceof RequestCookies)) throw new Error('RequestCookies mismatch')
{
  // NextResponse.cookies is a Proxy around a ResponseCookies.
  const c = new NextResponse(null).cookies
  if (Object.getPrototypeOf(c) !== ResponseCookies.prototype) throw new Error('ResponseCookies mismatch')
}

const { MutableRequestCookiesAdapter, appendMutableCookies } = require(
  'next/dist/server/web/spec-extension/adapters/request-cookies',
)

const errorText = (e) => `${e.name}: ${e.message}`

// ---------------------------------------------------------------- parse
const PARSE = [
  'a=1',
  'a=1; b=2',
  'a=1;b=2',
  'a=1;   b=2',
  '  a=1; b=2  ',
  'a = 1 ; b= 2',
  'a=b=c',
  'a==',
  'a="quoted"',
  'a="quoted; with semicolon"',
  'a=caf\u00c3\u00a9 \u00e2\u009c\u0093', // raw UTF-8 "café ✓" as Node's parser hands it over (Latin-1)
  'a=caf\u00e9', // a raw Latin-1 byte
  'a=✓', // a character Headers cannot carry
  'a=caf%C3%A9%20%E2%9C%93',
  'name%20x=1; %E2%9C%93=2',
  'a=',
  'a=; b=2',
  '=1',
  '=',
  'flag',
  'flag; a=1; other',
  'a=1; a=2',
  'a=1; A=2',
  'a=%E0%A4%A',
  'a=%E0%A4%A; b=ok',
  'a=good; a=%E0%A4%A',
  'a=%; b=%zz; c=%2',
  ';a=1;',
  '; a=1; ;',
  ';;;',
  'a=1;\tb=2',
  'a=\t1\t; b=2',
  'a=1, b=2',
  'a b=1',
  'a=1+2; b=%2B%20%3B%3D%25',
  '__proto__=1; constructor=2; hasOwnProperty=3',
  '',
]

const parse = PARSE.map((cookie) => {
  let headers
  try {
    headers = new Headers({ cookie })
  } catch (e) {
    return { cookie, error: errorText(e) }
  }
  const getAll = new RequestCookies(headers).getAll().map(({ name, value }) => ({ name, value }))
  // NextRequest.cookies must agree.
  const viaRequest = new NextRequest('http://localhost/', { headers }).cookies.getAll()
  if (JSON.stringify(viaRequest) !== JSON.stringify(getAll)) throw new Error(`NextRequest disagrees on ${cookie}`)
  return { cookie, getAll }
})

// ---------------------------------------------------------------- serialize
const DATE = { $date: Date.UTC(2030, 0, 2, 3, 4, 5) } // Wed, 02 Jan 2030 03:04:05 GMT
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0) // the frozen Date.now()

const ALL = {
  path: '/docs',
  expires: DATE,
  maxAge: 0,
  domain: 'example.com',
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
  partitioned: true,
  priority: 'high',
}

const SERIALIZE = [
  { set: ['a', '1'] },
  { set: ['a', ''] },
  { set: ['a', 1] },
  { set: ['a', 'x y'] },
  { set: ['a', 'café ✓'] },
  { set: ['a', 'a;b=c,d"e\\f'] },
  { set: ['a', "!#$&'()*+,/:<=>?@[]^`{|}~%"] },
  { set: ['é', '1'] },
  { set: ['✓', '1'] },
  { set: ['a b;c', '1'] },
  { set: ['a', '1', { path: '/p' }] },
  { set: ['a', '1', { path: '' }] },
  { set: ['a', '1', { path: null }] },
  { set: ['a', '1', { domain: 'example.com' }] },
  { set: ['a', '1', { expires: DATE }] },
  { set: ['a', '1', { expires: DATE.$date }] },
  { set: ['a', '1', { expires: 0 }] },
  { set: ['a', '1', { maxAge: 0 }] },
  { set: ['a', '1', { maxAge: 3600 }] },
  { set: ['a', '1', { maxAge: -1 }] },
  { set: ['a', '1', { maxAge: 1.5 }] },
  { set: ['a', '1', { maxAge: 60, expires: DATE }] },
  { set: ['a', '1', { secure: true }] },
  { set: ['a', '1', { httpOnly: true }] },
  { set: ['a', '1', { secure: false, httpOnly: false, partitioned: false }] },
  { set: ['a', '1', { sameSite: 'lax' }] },
  { set: ['a', '1', { sameSite: 'strict' }] },
  { set: ['a', '1', { sameSite: 'none' }] },
  { set: ['a', '1', { sameSite: true }] },
  { set: ['a', '1', { sameSite: false }] },
  { set: ['a', '1', { sameSite: 'Lax' }] },
  { set: ['a', '1', { partitioned: true }] },
  { set: ['a', '1', { priority: 'low' }] },
  { set: ['a', '1', { priority: 'medium' }] },
  { set: ['a', '1', { priority: 'high' }] },
  { set: ['a', 'v', ALL] },
  { set: [{ name: 'a', value: '1' }] },
  { set: [{ name: 'a', value: 'x y', path: '/o', httpOnly: true, sameSite: 'strict' }] },
  { delete: ['a'] },
  { delete: [{ name: 'a', path: '/p', domain: 'example.com' }] },
  { existing: ['own=1'], set: ['new', '2'] },
  { existing: ['own=1', 'a=old; Path=/x; HttpOnly'], set: ['a', 'new'] },
  { existing: ['spaced=a b; domain=Example.COM; path=/p; samesite=LAX; httponly; secure; priority=HIGH; partitioned'], set: ['n', '1'] },
  { existing: ['dated=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT', 'aged=1; Max-Age=60'], set: ['n', '1'] },
  { existing: ['encoded=%E2%9C%93; Path=/', 'bad=%E0%A4%A', 'noequals', 'odd=1; SameSite=Weird; Unknown=2; Priority=urgent'], set: ['n', '1'] },
  { existing: ['own=1'], delete: ['own'] },
]

const revive = (v) =>
  v && typeof v === 'object'
    ? '$date' in v
      ? new Date(v.$date)
      : Array.isArray(v)
        ? v.map(revive)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]))
    : v

const realNow = Date.now
Date.now = () => NOW
let serialize
try {
  serialize = SERIALIZE.map((c) => {
    const out = { ...c }
    try {
      const headers = new Headers()
      for (const line of c.existing ?? []) headers.append('set-cookie', line)
      const cookies = new ResponseCookies(headers)
      if (c.set) cookies.set(...revive(c.set))
      else cookies.delete(...revive(c.delete))
      out.setCookie = headers.getSetCookie()
    } catch (e) {
      out.error = errorText(e)
    }
    return out
  })
} finally {
  Date.now = realNow
}

// ---------------------------------------------------------------- merge
const MERGE = [
  { cookie: '', mutations: [['set', 'store', '1'], ['set', 'same', 'from-store']], own: ['own=1', 'same=from-response'] },
  { cookie: 'a=1; b=2', mutations: [['set', 'c', '3']], own: [] },
  { cookie: 'a=1; b=2', mutations: [], own: ['own=1', 'other=a b; samesite=LAX'] },
  { cookie: 'a=1', mutations: [['set', 'a', 'changed', { httpOnly: true }]], own: ['own=1'] },
  { cookie: 'victim=1', mutations: [['delete', 'victim']], own: ['victim=revived'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['spaced=a b; domain=Example.COM; path=/p; samesite=LAX; httponly; secure; priority=HIGH; partitioned'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['x=1; path=/; httponly', 'dated=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['aged=1; Max-Age=60'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['encoded=%E2%9C%93; Path=/'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['bad=%E0%A4%A'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['justaname'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['=value; Path=/x'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['odd=1; SameSite=Weird; Unknown=2; Priority=urgent'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['a=1, b=2'] },
  { cookie: '', mutations: [['set', 's', '1']], own: ['dup=1', 'dup=2; Path=/d'] },
  { cookie: '', mutations: [['set', 's', '1', { maxAge: 3600 }]], own: [] },
]

Date.now = () => NOW
let merge
try {
  merge = MERGE.map((c) => {
    const out = { ...c }
    try {
      const store = MutableRequestCookiesAdapter.wrap(new RequestCookies(new Headers({ cookie: c.cookie })))
      for (const [method, ...args] of c.mutations) store[method](...revive(args))
      const headers = new Headers()
      for (const line of c.own) headers.append('set-cookie', line)
      out.merged = appendMutableCookies(headers, store)
      out.setCookie = headers.getSetCookie()
    } catch (e) {
      out.error = errorText(e)
    }
    return out
  })
} finally {
  Date.now = realNow
}

const result = { nextVersion, frozenNow: { $date: NOW }, parse, serialize, merge }
const file = path.join(HERE, 'next-cookies.json')
fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
console.error(`wrote ${file}: ${parse.length} parse, ${serialize.length} serialize, ${merge.length} merge cases`)
