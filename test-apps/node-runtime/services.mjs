#!/usr/bin/env node
// Local services for the test-apps/node-runtime fixture (node built-ins only).
//
//   node test-apps/node-runtime/services.mjs
//
// CONTRACT (used by test-apps/record-nextjs.mjs and by the Rust test harness):
//
//   1. Starts, on 127.0.0.1 with OS-chosen free ports:
//        - a throwaway PostgreSQL cluster (initdb into a fresh temp dir, trust
//          auth, run as the `postgres` user when we are root) with a database
//          `edgeroute` and the fixture's tables (see SETUP_SQL below; always
//          empty at start, so answers that show ids/counts are reproducible);
//        - an SMTP sink (plain SMTP, no TLS/AUTH, fixed replies; a recipient
//          whose local part starts with `reject` is refused with 550);
//        - a PostgREST-shaped stub for supabase-js (GET /rest/v1/<table>).
//   2. When everything is ready it prints EXACTLY ONE line on stdout: a JSON
//      object whose keys/values (all strings) are environment variables to
//      hand to the server under test (`next build`/`next start`, edgeroute):
//        {"DATABASE_URL":"postgres://postgres@127.0.0.1:PORT/edgeroute",
//         "SMTP_PORT":"PORT","SUPABASE_URL":"http://127.0.0.1:PORT"}
//      Nothing else is ever written to stdout; progress and errors go to stderr.
//   3. It keeps running until its stdin reaches EOF (the parent closed it, or
//      died) or it gets SIGTERM / SIGINT / SIGHUP. Then it stops PostgreSQL
//      (`pg_ctl stop -m fast`), closes the servers, removes the temp dir and
//      exits 0.
//   4. Any failure while starting: a message on stderr, everything started so
//      far is torn down, exit status 1 (no JSON line is printed).
//
// The PostgreSQL binaries are looked up in $PG_BINDIR, /usr/lib/postgresql/<v>/bin
// (newest first), `pg_config --bindir`, then $PATH.

import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const SETUP_SQL = `
CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);
CREATE TABLE ledger (id serial PRIMARY KEY, label text NOT NULL);
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE);
INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com');
`

// Rows served by the PostgREST stub.
const TABLES = {
  todos: [
    { id: 1, task: 'write the fixture', done: true, inserted_at: '2024-01-01T00:00:00+00:00' },
    { id: 2, task: 'record next start', done: false, inserted_at: '2024-01-02T00:00:00+00:00' },
    { id: 3, task: 'compare byte for byte', done: false, inserted_at: '2024-01-03T00:00:00+00:00' },
  ],
}

const log = (...a) => process.stderr.write(`[services] ${a.join(' ')}\n`)

// ------------------------------------------------------------ state / teardown
const state = { tmp: null, dataDir: null, pgStarted: false, bin: null, user: null, servers: [] }
let stopping = false

function runPg(cmd, args, { capture = true } = {}) {
  const opts = {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    cwd: state.tmp || os.tmpdir(),
  }
  if (state.user) {
    opts.uid = state.user.uid
    opts.gid = state.user.gid
    opts.env.HOME = state.tmp
    opts.env.USER = opts.env.LOGNAME = 'postgres'
  }
  const r = spawnSync(path.join(state.bin, cmd), args, opts)
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`)
  if (!capture) {
    if (r.stdout) process.stderr.write(r.stdout)
    if (r.stderr) process.stderr.write(r.stderr)
  }
  return r
}

function teardown() {
  for (const s of state.servers) {
    try { s.close() } catch {}
    try { s.closeAllConnections?.() } catch {}
  }
  state.servers = []
  if (state.pgStarted) {
    state.pgStarted = false
    try {
      const r = runPg('pg_ctl', ['-D', state.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'])
      if (r.status !== 0) log(`pg_ctl stop failed (${r.status}): ${r.stderr || r.stdout}`)
    } catch (e) {
      log(`pg_ctl stop: ${e.message}`)
    }
  }
  if (state.tmp) {
    try { fs.rmSync(state.tmp, { recursive: true, force: true }) } catch (e) { log(`rm ${state.tmp}: ${e.message}`) }
    state.tmp = null
  }
}

function shutdown(code = 0) {
  if (stopping) return
  stopping = true
  teardown()
  process.exit(code)
}

function fail(msg) {
  log(`ERROR: ${msg}`)
  shutdown(1)
}

// ------------------------------------------------------------ helpers
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      state.servers.push(server)
      resolve(server.address().port)
    })
  })
}

function findPgBin() {
  const ok = (dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))
  const candidates = []
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR)
  candidates.push('/usr/lib/postgresql/15/bin')
  try {
    const vers = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    for (const v of vers) candidates.push(`/usr/lib/postgresql/${v}/bin`)
  } catch {}
  const pc = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  if (pc.status === 0) candidates.push(pc.stdout.trim())
  for (const d of (process.env.PATH || '').split(path.delimiter)) candidates.push(d)
  const dir = candidates.find(ok)
  if (!dir) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found: set PG_BINDIR')
  if (!fs.existsSync(path.join(dir, 'psql'))) {
    throw new Error(`psql not found next to initdb in ${dir}`)
  }
  return dir
}

function postgresUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) throw new Error('running as root but there is no `postgres` user (initdb refuses root)')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

// ------------------------------------------------------------ PostgreSQL
async function startPostgres() {
  state.bin = findPgBin()
  state.user = postgresUser()
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeroute-services-'))
  if (/\s/.test(state.tmp)) throw new Error(`temp dir ${state.tmp} contains whitespace`)
  if (state.user) fs.chownSync(state.tmp, state.user.uid, state.user.gid)
  state.dataDir = path.join(state.tmp, 'data')

  let r = runPg('initdb', ['-D', state.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'])
  if (r.status !== 0) throw new Error(`initdb failed (${r.status}):\n${r.stdout}${r.stderr}`)

  let port
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    const opts = `-p ${port} -k ${state.tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
    r = runPg('pg_ctl', ['-D', state.dataDir, '-l', path.join(state.tmp, 'postgres.log'), '-o', opts, '-w', '-t', '60', 'start'])
    if (r.status === 0) break
    let serverLog = ''
    try { serverLog = fs.readFileSync(path.join(state.tmp, 'postgres.log'), 'utf8') } catch {}
    if (attempt >= 3) throw new Error(`pg_ctl start failed (${r.status}):\n${r.stdout}${r.stderr}\n${serverLog}`)
    log(`pg_ctl start on port ${port} failed, retrying`)
  }
  state.pgStarted = true

  const psql = (db, sql) => {
    const res = runPg('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql])
    if (res.status !== 0) throw new Error(`psql failed (${res.status}) on ${db}: ${res.stderr}`)
  }
  psql('postgres', 'CREATE DATABASE edgeroute')
  psql('edgeroute', SETUP_SQL)
  return port
}

// ------------------------------------------------------------ SMTP sink
const SMTP_NAME = 'smtp-sink.test'

function smtpSession(socket) {
  socket.setNoDelay(true)
  let buf = Buffer.alloc(0)
  let inData = false
  let from = null
  let rcpts = []
  const send = (line) => socket.write(line + '\r\n')
  const reset = () => { from = null; rcpts = []; inData = false }

  const command = (line) => {
    const m = /^([A-Za-z]+)(?:\s+(.*))?$/.exec(line)
    const verb = m ? m[1].toUpperCase() : ''
    const arg = m && m[2] ? m[2] : ''
    switch (verb) {
      case 'EHLO':
        reset()
        return send(`250-${SMTP_NAME}\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760`)
      case 'HELO':
        reset()
        return send(`250 ${SMTP_NAME}`)
      case 'MAIL': {
        const a = /^FROM:\s*<([^>]*)>/i.exec(arg)
        if (!a) return send('501 5.5.4 Syntax: MAIL FROM:<address>')
        if (from !== null) return send('503 5.5.1 Error: nested MAIL command')
        from = a[1]
        return send('250 2.1.0 Ok')
      }
      case 'RCPT': {
        if (from === null) return send('503 5.5.1 Error: need MAIL command')
        const a = /^TO:\s*<([^>]*)>/i.exec(arg)
        if (!a) return send('501 5.5.4 Syntax: RCPT TO:<address>')
        if (/^reject/i.test(a[1])) return send(`550 5.1.1 <${a[1]}>: Recipient address rejected`)
        rcpts.push(a[1])
        return send('250 2.1.5 Ok')
      }
      case 'DATA':
        if (from === null) return send('503 5.5.1 Error: need MAIL command')
        if (!rcpts.length) return send('503 5.5.1 Error: need RCPT command')
        inData = true
        return send('354 End data with <CR><LF>.<CR><LF>')
      case 'RSET':
        reset()
        return send('250 2.0.0 Ok')
      case 'NOOP':
        return send('250 2.0.0 Ok')
      case 'VRFY':
        return send('252 2.0.0 Cannot VRFY user')
      case 'STARTTLS':
        return send('454 4.7.0 TLS not available')
      case 'QUIT':
        send('221 2.0.0 Bye')
        return socket.end()
      default:
        return send('502 5.5.2 Error: command not recognized')
    }
  }

  send(`220 ${SMTP_NAME} ESMTP edgeroute sink`)
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk])
    let i
    while ((i = buf.indexOf('\r\n')) !== -1 || (!inData && (i = buf.indexOf('\n')) !== -1)) {
      const crlf = buf[i] === 0x0d ? 2 : 1
      const line = buf.subarray(0, i).toString('latin1')
      buf = buf.subarray(i + crlf)
      if (inData) {
        if (line === '.') {
          reset()
          send('250 2.0.0 Ok: queued as SINK0001')
        }
        // Message lines (dot-stuffed) are accepted and discarded.
      } else {
        command(line.replace(/\r$/, ''))
      }
    }
  })
  socket.on('error', () => {})
}

// ------------------------------------------------------------ PostgREST stub
const JSON_TYPE = 'application/json; charset=utf-8'
const OBJECT_TYPE = 'application/vnd.pgrst.object+json; charset=utf-8'

function pgrstReply(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers, 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function applyFilters(rows, params) {
  let out = rows
  for (const [key, value] of params) {
    if (['select', 'order', 'limit', 'offset', 'columns', 'on_conflict'].includes(key)) continue
    const m = /^(eq|neq|gt|gte|lt|lte|is)\.(.*)$/s.exec(value)
    if (!m) continue
    const [, op, raw] = m
    const cmp = (v) => {
      const s = v === null ? 'null' : String(v)
      switch (op) {
        case 'eq': return s === raw
        case 'neq': return s !== raw
        case 'gt': return Number(v) > Number(raw)
        case 'gte': return Number(v) >= Number(raw)
        case 'lt': return Number(v) < Number(raw)
        case 'lte': return Number(v) <= Number(raw)
        case 'is': return s === raw
      }
    }
    out = out.filter((r) => cmp(r[key]))
  }
  const order = params.get('order')
  if (order) {
    const [col, dir = 'asc'] = order.split('.')
    out = [...out].sort((a, b) => (a[col] < b[col] ? -1 : a[col] > b[col] ? 1 : 0) * (dir === 'desc' ? -1 : 1))
  }
  const offset = Number(params.get('offset') || 0)
  const limit = params.has('limit') ? Number(params.get('limit')) : Infinity
  return out.slice(offset, offset + limit)
}

function selectColumns(rows, select) {
  if (!select || select === '*') return rows
  const cols = select.split(',').map((c) => c.trim()).filter(Boolean)
  return rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])))
}

function postgrest(req, res) {
  const url = new URL(req.url, 'http://stub')
  const m = /^\/rest\/v1\/([^/]+)$/.exec(url.pathname)
  req.resume()
  if (!req.headers.apikey) {
    return pgrstReply(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' })
  }
  if (!m) return pgrstReply(res, 404, { code: 'PGRST125', details: null, hint: null, message: `Invalid path specified in request URL` })
  const table = decodeURIComponent(m[1])
  if (!(table in TABLES)) {
    return pgrstReply(res, 404, {
      code: 'PGRST205',
      details: null,
      hint: `Perhaps you meant the table 'public.todos'`,
      message: `Could not find the table 'public.${table}' in the schema cache`,
    })
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return pgrstReply(res, 405, { code: 'PGRST117', details: null, hint: null, message: `Unsupported HTTP method: ${req.method}` })
  }
  const all = applyFilters(TABLES[table], url.searchParams)
  const rows = selectColumns(all, url.searchParams.get('select'))
  const prefer = String(req.headers.prefer || '')
  const exact = /count=exact/.test(prefer)
  const offset = Number(url.searchParams.get('offset') || 0)
  const total = exact ? String(applyFilters(TABLES[table], new URLSearchParams([...url.searchParams].filter(([k]) => !['limit', 'offset'].includes(k)))).length) : '*'
  const range = rows.length ? `${offset}-${offset + rows.length - 1}/${total}` : `*/${total}`
  const headers = { 'Content-Range': range }
  if (exact) headers['Preference-Applied'] = 'count=exact'
  if (String(req.headers.accept || '').includes('application/vnd.pgrst.object+json')) {
    if (rows.length !== 1) {
      return pgrstReply(res, 406, {
        code: 'PGRST116',
        details: `The result contains ${rows.length} rows`,
        hint: null,
        message: 'Cannot coerce the result to a single JSON object',
      })
    }
    return pgrstReply(res, 200, rows[0], { ...headers, 'Content-Type': OBJECT_TYPE })
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'Content-Type': JSON_TYPE, ...headers })
    return res.end()
  }
  return pgrstReply(res, 200, rows, headers)
}

// ------------------------------------------------------------ main
async function main() {
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => shutdown(0))
  process.on('uncaughtException', (e) => fail(e && e.stack ? e.stack : String(e)))
  process.on('unhandledRejection', (e) => fail(e && e.stack ? e.stack : String(e)))
  // Parent gone or closed our stdin: stop.
  process.stdin.on('end', () => shutdown(0))
  process.stdin.on('close', () => shutdown(0))
  process.stdin.on('error', () => shutdown(0))
  process.stdin.resume()

  const smtpPort = await listen(net.createServer(smtpSession))
  const restServer = http.createServer(postgrest)
  restServer.keepAliveTimeout = 1000
  const restPort = await listen(restServer)
  const pgPort = await startPostgres()
  if (stopping) return

  const env = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/edgeroute`,
    SMTP_PORT: String(smtpPort),
    SUPABASE_URL: `http://127.0.0.1:${restPort}`,
  }
  log(`ready: postgres :${pgPort} (${state.tmp}), smtp :${smtpPort}, postgrest :${restPort}`)
  process.stdout.write(JSON.stringify(env) + '\n')
}

main().catch((e) => fail(e && e.message ? e.message : String(e)))
