// Timing helper for benches/run (Node 20, no dependencies).
//
//   node probe.mjs start <url> <log> [cwd] -- <command> [args...]
//     Spawns <command> in its own process group (stdout and stderr to
//     <log>), polls <url> every millisecond over fresh connections and
//     prints one line: `<pid> <listen_ms> <first_200_ms>` — time from
//     spawn to the first accepted connection and to the first 200. The
//     server keeps running; benches/run stops it by its process group.
//
//   node probe.mjs fresh <origin> <first> <last> <pattern> [gap_ms]
//     Requests <pattern> with `%d` replaced by first..last, one at a time on
//     a new connection each (waiting gap_ms before each, default 0), then
//     the same paths again (now warm, back to back). Prints
//     one line: `<fresh_p50> <fresh_p90> <fresh_max> <warm_p50> <count>`
//     in ms. Any answer other than 200 is an error.
//
// Times come from process.hrtime; the Node client's own cost (about
// 0.1-0.3 ms per request on loopback) is inside every figure, which is
// why `fresh` also reports the warm figure for the same requests.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'

const now = () => Number(process.hrtime.bigint()) / 1e6

/** One GET on a new connection: resolves { status, body } or rejects. */
function get(url, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)))
    req.on('error', reject)
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function percentile(sorted, p) {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

const fmt = (ms) => ms.toFixed(3)

async function start(args) {
  const dash = args.indexOf('--')
  if (dash < 2) throw new Error('usage: start <url> <log> [cwd] -- <command> [args...]')
  const [url, log, cwd] = args.slice(0, dash)
  const [command, ...rest] = args.slice(dash + 1)
  const timeoutMs = Number(process.env.BENCH_START_TIMEOUT_MS ?? 120000)
  const out = fs.openSync(log, 'w')
  const t0 = now()
  const child = spawn(command, rest, {
    cwd: cwd || process.cwd(),
    detached: true,
    stdio: ['ignore', out, out],
  })
  let exited = null
  child.on('exit', (code, signal) => {
    exited = signal ?? `exit ${code}`
  })
  child.on('error', (e) => {
    exited = e.message
  })
  let listenMs = null
  for (;;) {
    if (exited) throw new Error(`${command} stopped (${exited}) before answering; see ${log}`)
    if (now() - t0 > timeoutMs) {
      process.kill(-child.pid, 'SIGKILL')
      throw new Error(`${command} gave no 200 on ${url} within ${timeoutMs} ms; see ${log}`)
    }
    try {
      const t = now()
      const res = await get(url)
      // The connection was accepted: the request began at `t` at the latest.
      listenMs ??= t - t0
      if (res.status === 200) {
        const firstMs = now() - t0
        console.log(`${child.pid} ${fmt(listenMs)} ${fmt(firstMs)}`)
        child.unref()
        fs.closeSync(out)
        return
      }
    } catch (e) {
      if (e.code !== 'ECONNREFUSED' && e.code !== 'ECONNRESET') throw e
    }
    await sleep(1)
  }
}

async function timeAll(paths, origin, gapMs = 0) {
  const times = []
  for (const path of paths) {
    if (gapMs > 0) await sleep(gapMs)
    const t = now()
    const res = await get(origin + path)
    const ms = now() - t
    if (res.status !== 200) throw new Error(`${path}: status ${res.status}: ${res.body.slice(0, 200)}`)
    times.push(ms)
  }
  return times.sort((a, b) => a - b)
}

async function fresh(args) {
  const [origin, first, last, pattern, gap] = args
  const paths = []
  for (let i = Number(first); i <= Number(last); i++) {
    paths.push(pattern.replace('%d', String(i).padStart(4, '0')))
  }
  const cold = await timeAll(paths, origin, Number(gap ?? 0))
  const warm = await timeAll(paths, origin)
  console.log(
    [percentile(cold, 50), percentile(cold, 90), cold[cold.length - 1], percentile(warm, 50)]
      .map(fmt)
      .concat(String(paths.length))
      .join(' '),
  )
}

const [command, ...args] = process.argv.slice(2)
const commands = { start, fresh }
if (!commands[command]) {
  console.error('usage: probe.mjs start|fresh ...')
  process.exit(2)
}
commands[command](args).catch((e) => {
  console.error(`probe ${command}: ${e.message}`)
  process.exit(1)
})
