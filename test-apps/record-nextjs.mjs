#!/usr/bin/env node
// Records what Next.js (`next build && next start`) answers for a fixture app.
//
//   node test-apps/record-nextjs.mjs <app-dir> [--port N] [--hostname H] [--keep] [--build-only]
//
// <app-dir> holds an `app/` folder and (normally) a `cases.json`. The script
// copies `app/` into a temporary Next.js project, installs the pinned Next.js
// (node_modules are installed once into ~/.cache/edgeroute-oracle/<key>/ and
// copied, not symlinked: Turbopack refuses a symlinked node_modules), runs
// `next build`, `next start -p <port> -H 127.0.0.1`, replays every case in
// order with node:http and writes `<app-dir>/expected.json`. A case with
// `"waitMs": N` is sent N ms after the previous answer (timed scenarios:
// revalidate periods, background refreshes).
//
// `--hostname H` (or `"hostname"` in `<app-dir>/record.json`) is given to
// `next start -H` and is where the cases are sent; the default Host header
// stays `127.0.0.1:<port>` either way. Every file and folder under a
// `public/` gets the fixed mtime PUBLIC_MTIME (ETag and Last-Modified derive
// from it); the Rust harness does the same. The listening port, where it
// follows `127.0.0.1:` / `localhost:` in a recorded header or body, is
// written as `PORT`, and so are the ports of the services' URLs.
//
// Whole-project fixtures: when <app-dir>/package.json exists, the temp project
// is the fixture itself (every top-level entry but node_modules, .next and the
// recording files) with its own package.json/package-lock.json: `npm ci`, then
// `npm install --no-save` of the pinned next/typescript/@types/* (and
// react/react-dom if the fixture has none), cached per (package.json, lock,
// pins) in the same cache folder. next.config.js, tsconfig.json and
// next-env.d.ts are only written when the fixture has none.
// When <app-dir>/services.mjs exists it is started first (`node services.mjs`,
// cwd <app-dir>); its single JSON stdout line is a map of environment
// variables given to `next build` and `next start`; its stdin is closed at the
// end (which makes it stop its services).
//
// Without a cases.json (or with --build-only) it only runs `next build` and
// writes the build output to `<app-dir>/nextjs-error.txt`; it then expects the
// build to FAIL (exit 0 when it failed, 3 when it unexpectedly succeeded).
//
// Exit status: 0 on success, non-zero if any step failed (install, build,
// start, a case that got no HTTP answer).

import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'

// ---------------------------------------------------------------- pins
const PINS = {
  dependencies: {
    next: '16.4.6',
    react: '19.3.1',
    'react-dom': '19.3.1',
  },
  devDependencies: {
    typescript: '5.9.3',
    '@types/node': '20.19.43',
    '@types/react': '19.3.0',
    '@types/react-dom': '19.3.0',
  },
}

// Response headers that are never recorded (per-request or per-connection).
const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive'])

// mtime of every entry under a fixture's public/ (ETag, Last-Modified).
const PUBLIC_MTIME = new Date('2024-01-01T00:00:00Z')

function fixPublicMtimes(dir) {
  const pub = path.join(dir, 'public')
  if (!fs.existsSync(pub)) return
  const walk = (p) => {
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e))
    fs.utimesSync(p, PUBLIC_MTIME, PUBLIC_MTIME)
  }
  walk(pub)
}

// `127.0.0.1:<port>` / `localhost:<port>` -> `...:PORT`, for each of `ports`
// (Next's and those of the services' URLs).
function maskPort(text, ports) {
  for (const port of ports) {
    text = text.replace(new RegExp(`(?<=(?:127\\.0\\.0\\.1|localhost|\\[::1\\]):)${port}(?!\\d)`, 'g'), 'PORT')
  }
  return text
}

// The ports in the services' env values (`http://127.0.0.1:41234`, ...).
function servicePorts(env) {
  const ports = []
  for (const v of Object.values(env)) for (const m of v.matchAll(/(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)/g)) ports.push(m[1])
  return ports
}

const NEXT_CONFIG = `/** @type {import('next').NextConfig} */
module.exports = {
  // Fixtures export invalid things on purpose (lowercase \`get\`, default export, ...).
  typescript: { ignoreBuildErrors: true },
}
`

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2017',
    lib: ['dom', 'dom.iterable', 'esnext'],
    allowJs: true,
    skipLibCheck: true,
    strict: false,
    noEmit: true,
    esModuleInterop: true,
    module: 'esnext',
    moduleResolution: 'bundler',
    resolveJsonModule: true,
    isolatedModules: true,
    jsx: 'react-jsx',
    incremental: true,
    plugins: [{ name: 'next' }],
  },
  include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts', '.next/dev/types/**/*.ts'],
  exclude: ['node_modules'],
}

// ---------------------------------------------------------------- helpers
function log(...args) {
  console.error('[record-nextjs]', ...args)
}

function die(msg, code = 1) {
  log('ERROR:', msg)
  process.exit(code)
}

function parseArgs(argv) {
  const opts = { appDir: null, port: 0, hostname: null, keep: false, buildOnly: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--port') opts.port = Number(argv[++i])
    else if (a === '--hostname') opts.hostname = argv[++i]
    else if (a === '--keep') opts.keep = true
    else if (a === '--build-only') opts.buildOnly = true
    else if (a === '-h' || a === '--help') {
      console.log('usage: node record-nextjs.mjs <app-dir> [--port N] [--hostname H] [--keep] [--build-only]')
      process.exit(0)
    } else if (!opts.appDir) opts.appDir = a
    else die(`unexpected argument ${a}`)
  }
  if (!opts.appDir) die('usage: node record-nextjs.mjs <app-dir> [--port N] [--hostname H] [--keep] [--build-only]')
  opts.appDir = path.resolve(opts.appDir)
  return opts
}

function packageJson() {
  return { name: 'edgeroute-oracle-app', private: true, ...PINS }
}

function run(cmd, args, cwd, { capture = false, env = {} } = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  })
  if (r.error) throw r.error
  return r
}

// Installs the pinned packages once into a persistent cache folder.
function cachedNodeModules() {
  const pkg = JSON.stringify(packageJson(), null, 2) + '\n'
  const key = createHash('sha256').update(pkg).digest('hex').slice(0, 16)
  const cacheRoot = process.env.EDGEROUTE_ORACLE_CACHE || path.join(os.homedir(), '.cache', 'edgeroute-oracle')
  const dir = path.join(cacheRoot, key)
  const done = path.join(dir, '.installed')
  if (!fs.existsSync(done)) {
    log(`installing pinned packages into ${dir}`)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'package.json'), pkg)
    const r = run('npm', ['install', '--no-audit', '--no-fund'], dir)
    if (r.status !== 0) throw new Error(`npm install in ${dir} failed (${r.status})`)
    fs.writeFileSync(done, new Date().toISOString() + '\n')
  }
  return dir
}

function prepareWorkDir(appDir) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeroute-oracle-'))
  fs.cpSync(path.join(appDir, 'app'), path.join(work, 'app'), { recursive: true })
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify(packageJson(), null, 2) + '\n')
  fs.writeFileSync(path.join(work, 'next.config.js'), NEXT_CONFIG)
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2) + '\n')
  fs.writeFileSync(
    path.join(work, 'next-env.d.ts'),
    '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n',
  )

  const cache = cachedNodeModules()
  log(`copying node_modules from ${cache}`)
  // A real copy (cp -a keeps the .bin symlinks relative), never a symlink.
  let r = run('cp', ['-a', path.join(cache, 'node_modules'), path.join(work, 'node_modules')], work)
  if (r.status !== 0) throw new Error('copying node_modules failed')
  if (fs.existsSync(path.join(cache, 'package-lock.json'))) {
    fs.copyFileSync(path.join(cache, 'package-lock.json'), path.join(work, 'package-lock.json'))
  }
  // Near no-op with the copied tree; verifies it matches package.json.
  r = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], work)
  if (r.status !== 0) throw new Error(`npm install failed (${r.status})`)
  return work
}

// ------------------------------------------------ whole-project fixtures
// Entries of a project fixture that are not copied into the temp project.
const PROJECT_SKIP = new Set(['node_modules', '.next', 'cases.json', 'expected.json', 'nextjs-error.txt', 'services.mjs', 'record.json'])

// The fixture's own dependencies (`npm ci` from its lock) plus the pinned
// Next.js tool chain (`npm install --no-save`), installed once per
// (package.json, package-lock.json, PINS) into the cache folder.
function cachedProjectNodeModules(appDir) {
  const pkgText = fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')
  const lockFile = path.join(appDir, 'package-lock.json')
  if (!fs.existsSync(lockFile)) throw new Error(`${appDir} has a package.json but no package-lock.json`)
  const lockText = fs.readFileSync(lockFile, 'utf8')
  // The fixture's npm settings (e.g. legacy-peer-deps) apply to its install.
  const npmrcFile = path.join(appDir, '.npmrc')
  const npmrcText = fs.existsSync(npmrcFile) ? fs.readFileSync(npmrcFile, 'utf8') : ''
  const pkg = JSON.parse(pkgText)
  const own = { ...(pkg.dependencies || {}), ...(pkg.devDependencies || {}) }
  const extra = []
  for (const [name, version] of Object.entries({ ...PINS.dependencies, ...PINS.devDependencies })) {
    if (!(name in own)) extra.push(`${name}@${version}`)
  }
  const key = createHash('sha256')
    .update(pkgText)
    .update('\0')
    .update(lockText)
    .update('\0')
    .update(npmrcText)
    .update('\0')
    .update(JSON.stringify(extra))
    .digest('hex')
    .slice(0, 16)
  const cacheRoot = process.env.EDGEROUTE_ORACLE_CACHE || path.join(os.homedir(), '.cache', 'edgeroute-oracle')
  const dir = path.join(cacheRoot, `project-${key}`)
  const done = path.join(dir, '.installed')
  if (!fs.existsSync(done)) {
    log(`installing the fixture's packages + ${extra.join(' ')} into ${dir}`)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'package.json'), pkgText)
    fs.writeFileSync(path.join(dir, 'package-lock.json'), lockText)
    if (npmrcText) fs.writeFileSync(path.join(dir, '.npmrc'), npmrcText)
    let r = run('npm', ['ci', '--no-audit', '--no-fund'], dir)
    if (r.status !== 0) throw new Error(`npm ci in ${dir} failed (${r.status})`)
    if (extra.length) {
      r = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...extra], dir)
      if (r.status !== 0) throw new Error(`npm install --no-save in ${dir} failed (${r.status})`)
    }
    fs.writeFileSync(done, new Date().toISOString() + '\n')
  }
  return dir
}

function prepareProjectWorkDir(appDir) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeroute-oracle-'))
  for (const entry of fs.readdirSync(appDir)) {
    if (PROJECT_SKIP.has(entry)) continue
    fs.cpSync(path.join(appDir, entry), path.join(work, entry), { recursive: true })
  }
  const has = (...names) => names.some((n) => fs.existsSync(path.join(work, n)))
  if (!has('next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs')) {
    fs.writeFileSync(path.join(work, 'next.config.js'), NEXT_CONFIG)
  }
  if (!has('tsconfig.json')) {
    fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2) + '\n')
  }
  if (!has('next-env.d.ts')) {
    fs.writeFileSync(
      path.join(work, 'next-env.d.ts'),
      '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n',
    )
  }
  const cache = cachedProjectNodeModules(appDir)
  log(`copying node_modules from ${cache}`)
  // A real copy; no `npm install` afterwards (it would prune the --no-save packages).
  const r = run('cp', ['-a', path.join(cache, 'node_modules'), path.join(work, 'node_modules')], work)
  if (r.status !== 0) throw new Error('copying node_modules failed')
  return work
}

// Starts <app-dir>/services.mjs and resolves with the env map it prints.
function startServices(appDir, timeoutMs = 180000) {
  return new Promise((resolve, reject) => {
    log('starting services.mjs ...')
    const child = spawn(process.execPath, [path.join(appDir, 'services.mjs')], {
      cwd: appDir,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let out = ''
    let settled = false
    const timer = setTimeout(() => finish(new Error(`services.mjs printed no JSON line within ${timeoutMs / 1000}s`)), timeoutMs)
    function finish(err, env) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (err) {
        stopServices(child).then(() => reject(err))
      } else resolve({ child, env })
    }
    child.on('error', (e) => finish(e))
    child.on('exit', (code, sig) => finish(new Error(`services.mjs exited (${sig || code}) before printing its JSON line`)))
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl === -1 || settled) return
      try {
        const env = JSON.parse(out.slice(0, nl))
        for (const [k, v] of Object.entries(env)) if (typeof v !== 'string') throw new Error(`${k} is not a string`)
        log(`services ready: ${Object.keys(env).join(', ')}`)
        finish(null, env)
      } catch (e) {
        finish(new Error(`services.mjs printed an invalid line (${e.message}): ${out.slice(0, nl)}`))
      }
    })
  })
}

// Closes its stdin (the contract's stop signal), SIGTERM after 30 s.
async function stopServices(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  try { child.stdin.end() } catch {}
  if (await Promise.race([exited.then(() => true), sleep(30000).then(() => false)])) return
  log(`services.mjs did not stop on stdin EOF, SIGTERM pid ${child.pid}`)
  try { process.kill(child.pid, 'SIGTERM') } catch {}
  await Promise.race([exited, sleep(10000)])
}

const stripAnsi = (s) => s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')

function nextBin(work) {
  return path.join(work, 'node_modules', 'next', 'dist', 'bin', 'next')
}

function build(work, env = {}) {
  log('next build ...')
  const t0 = Date.now()
  const r = run(process.execPath, [nextBin(work), 'build'], work, { capture: true, env })
  const out = stripAnsi(`${r.stdout}${r.stderr ? `\n--- stderr ---\n${r.stderr}` : ''}`)
  log(`next build exited ${r.status} after ${((Date.now() - t0) / 1000).toFixed(0)}s`)
  return { ok: r.status === 0, status: r.status, stdout: stripAnsi(r.stdout), stderr: stripAnsi(r.stderr), out }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

// PIDs of processes listening on 127.0.0.1:port, from `ss -ltnp`.
function pidsListeningOn(port) {
  const r = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' })
  const pids = new Set()
  for (const m of (r.stdout || '').matchAll(/pid=(\d+)/g)) pids.add(Number(m[1]))
  return [...pids]
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function stopServer(child, port) {
  const pids = pidsListeningOn(port)
  for (const pid of pids) {
    log(`stopping next-server pid ${pid} (listening on ${port})`)
    try { process.kill(pid, 'SIGTERM') } catch {}
  }
  // The `next start` parent we spawned ourselves.
  if (child && child.exitCode === null && child.signalCode === null) {
    try { process.kill(child.pid, 'SIGTERM') } catch {}
  }
  for (let i = 0; i < 50; i++) {
    if (pids.every((p) => !isAlive(p)) && (!child || !isAlive(child.pid))) return
    await sleep(100)
  }
  for (const pid of [...pids, ...(child ? [child.pid] : [])]) {
    if (isAlive(pid)) {
      log(`killing pid ${pid}`)
      try { process.kill(pid, 'SIGKILL') } catch {}
    }
  }
}

function sendRequest(port, { method, path: reqPath, headers = {}, body }, hostname = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const hdrs = { Host: `127.0.0.1:${port}` }
    const lower = new Set(['host'])
    for (const [k, v] of Object.entries(headers)) {
      // Case headers override the default Host (match case-insensitively).
      if (k.toLowerCase() === 'host') delete hdrs.Host
      hdrs[k] = v
      lower.add(k.toLowerCase())
    }
    const payload = body === undefined || body === null ? null : Buffer.from(body, 'utf8')
    if (payload && !lower.has('content-length') && !lower.has('transfer-encoding')) {
      hdrs['Content-Length'] = String(payload.length)
    }
    const req = http.request({
      host: hostname,
      port,
      method,
      path: reqPath,
      headers: hdrs,
      setHost: false,
      agent: false, // one connection per case; Node adds "Connection: close"
    })
    req.setTimeout(30000, () => req.destroy(new Error('timeout after 30s')))
    req.on('error', reject)
    req.on('response', (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }))
    })
    if (payload) req.end(payload)
    else req.end()
  })
}

function recordAnswer({ res, body }, port) {
  const headers = {}
  const raw = res.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    const value = maskPort(raw[i + 1], port)
    if (DROPPED_HEADERS.has(name)) continue
    if (name === 'set-cookie') {
      ;(headers[name] ||= []).push(value)
    } else if (name in headers) {
      headers[name] = `${headers[name]}, ${value}` // repeated header: joined like Node does
    } else {
      headers[name] = value
    }
  }
  const answer = { status: res.statusCode, headers }
  const text = body.toString('utf8')
  if (Buffer.from(text, 'utf8').equals(body)) {
    answer.body = maskPort(text, port)
  } else {
    answer.body = body.toString('base64')
    answer.bodyEncoding = 'base64'
  }
  // Compressed answers (the client asked with Accept-Encoding): also keep the
  // decompressed text, compressed bytes depend on the zlib build.
  const enc = (headers['content-encoding'] || '').trim().toLowerCase()
  const decoders = { gzip: zlib.gunzipSync, 'x-gzip': zlib.gunzipSync, deflate: zlib.inflateSync, br: zlib.brotliDecompressSync }
  if (decoders[enc] && body.length > 0) {
    try {
      answer.decodedBody = decoders[enc](body).toString('utf8')
    } catch (e) {
      answer.decodeError = String(e.message)
    }
  }
  return answer
}

async function waitUntilUp(port, child, hostname, timeoutMs = 90000) {
  const t0 = Date.now()
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`next start exited early (${child.exitCode})`)
    try {
      await sendRequest(port, { method: 'GET', path: '/__edgeroute_oracle_ready__' }, hostname)
      return
    } catch {
      await sleep(300)
    }
  }
  throw new Error(`next start did not answer on port ${port} within ${timeoutMs / 1000}s`)
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const appDir = opts.appDir
  if (!fs.existsSync(path.join(appDir, 'app'))) die(`${appDir}/app does not exist`)
  const casesFile = path.join(appDir, 'cases.json')
  const buildOnly = opts.buildOnly || !fs.existsSync(casesFile)

  let cases = []
  if (!buildOnly) {
    cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'))
    const names = new Set()
    for (const c of cases) {
      if (!c.name || !c.method || !c.path) die(`case without name/method/path: ${JSON.stringify(c)}`)
      if (names.has(c.name)) die(`duplicate case name ${c.name}`)
      names.add(c.name)
    }
  }

  const recordFile = path.join(appDir, 'record.json')
  const recordOpts = fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : {}
  const hostname = opts.hostname || recordOpts.hostname || '127.0.0.1'

  const isProject = fs.existsSync(path.join(appDir, 'package.json'))
  let work
  try {
    work = isProject ? prepareProjectWorkDir(appDir) : prepareWorkDir(appDir)
  } catch (e) {
    die(`preparing the Next.js project failed: ${e.message}`)
  }
  fixPublicMtimes(work)
  log(`work dir ${work}`)
  const nextVersion = JSON.parse(
    fs.readFileSync(path.join(work, 'node_modules', 'next', 'package.json'), 'utf8'),
  ).version

  let exitCode = 0
  let serverLog = ''
  let child = null
  let port = 0
  let services = null
  let serviceEnv = {}
  try {
    if (fs.existsSync(path.join(appDir, 'services.mjs'))) {
      services = await startServices(appDir)
      serviceEnv = services.env
    }
    const b = build(work, serviceEnv)
    const startServer = async () => {
      port = opts.port || (await freePort())
      log(`next start -p ${port} -H ${hostname}`)
      child = spawn(process.execPath, [nextBin(work), 'start', '-p', String(port), '-H', hostname], {
        cwd: work,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...serviceEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child.stdout.on('data', (d) => (serverLog += d))
      child.stderr.on('data', (d) => (serverLog += d))
      await waitUntilUp(port, child, hostname)
    }

    if (buildOnly) {
      // Expect-error mode: the build must fail, or `next start` must refuse
      // the build. Either way the output goes to nextjs-error.txt.
      let text = `$ next build   (exit status ${b.status})\n${b.out}`
      let verdict = b.ok ? 'BUILD SUCCEEDED' : 'BUILD FAILED'
      exitCode = b.ok ? 3 : 0
      if (b.ok) {
        try {
          await startServer()
          verdict += ', NEXT START SERVED THE APP (no error at all)'
        } catch (e) {
          verdict += `, NEXT START FAILED (${e.message})`
          exitCode = 0
          // Let the output of the exited process drain.
          if (child) await Promise.race([new Promise((r) => child.once('close', r)), sleep(2000)])
        }
        const startOut = stripAnsi(serverLog)
        text += `\n\n$ next start -p PORT -H 127.0.0.1\n${startOut.split(`:${port}`).join(':PORT')}`
      }
      // Make the text independent of the random temp dir.
      text = text.split(work).join('<project>')
      const header =
        `# next@${nextVersion}: ${verdict}\n` +
        `# recorded ${new Date().toISOString()} by test-apps/record-nextjs.mjs; temp project dir shown as <project>\n\n`
      fs.writeFileSync(path.join(appDir, 'nextjs-error.txt'), header + text.replace(/\s*$/, '\n'))
      log(`${verdict}; wrote ${path.join(appDir, 'nextjs-error.txt')}`)
      return exitCode
    }
    if (!b.ok) {
      process.stderr.write(b.out + '\n')
      throw new Error('next build failed')
    }

    await startServer()
    log('server is up, replaying cases')

    const answers = {}
    for (const c of cases) {
      // A timed scenario: the case waits this long after the previous answer.
      if (c.waitMs) await sleep(c.waitMs)
      try {
        const a = recordAnswer(
          await sendRequest(port, { method: c.method, path: c.path, headers: c.headers, body: c.body }, hostname),
          [port, ...servicePorts(serviceEnv)],
        )
        answers[c.name] = a
        const loc = a.headers.location ? ` -> ${a.headers.location}` : ''
        log(`${String(a.status).padEnd(3)} ${c.method} ${c.path}${loc}  (${c.name})`)
      } catch (e) {
        exitCode = 1
        answers[c.name] = { error: String(e && e.message ? e.message : e) }
        log(`ERR ${c.method} ${c.path}  (${c.name}): ${answers[c.name].error}`)
      }
    }

    const expected = { nextVersion, recordedAt: new Date().toISOString(), answers }
    fs.writeFileSync(path.join(appDir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n')
    log(`wrote ${path.join(appDir, 'expected.json')} (${cases.length} cases)`)
    if (serverLog.trim()) {
      fs.writeFileSync(path.join(work, 'next-start.log'), serverLog)
      log('next start output:\n' + stripAnsi(serverLog).split(work).join('<project>'))
    }
  } catch (e) {
    exitCode = 1
    log('ERROR:', e.message)
    if (serverLog.trim()) log('next start output:\n' + stripAnsi(serverLog).split(work).join('<project>'))
  } finally {
    if (child) await stopServer(child, port)
    if (services) await stopServices(services.child)
    if (opts.keep) log(`kept work dir ${work}`)
    else fs.rmSync(work, { recursive: true, force: true })
  }
  return exitCode
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log('ERROR:', e && e.stack ? e.stack : e)
    process.exit(1)
  },
)
