// Slowloris clients for benches/soak (Node 20, no dependencies).
//
//   node slowloris.mjs <host> <port> <count> [interval_ms] [ramp_ms] [path]
//
// Keeps <count> TCP connections open to <host>:<port>. Each sends the start
// of a request head ("GET <path> HTTP/1.1\r\nHost: <host>\r\nX-Slowloris: ")
// and then one more byte of that header every <interval_ms> (default 2000),
// never finishing the head. When the server closes a connection its
// lifetime (connect -> the server's FIN or reset) is recorded and a new
// connection takes its place, so <count> stay open. The first <count> are
// opened evenly over <ramp_ms> (default 5000); once they all are, one line
// `ready <count>` goes to stderr.
//
// On SIGTERM or SIGINT it prints one JSON object to stdout and exits 0:
//   target, interval_s, ran_s (first open -> stop), opened (connection
//   attempts), closed_by_server, connect_errors, lifetime_s {count, min,
//   median, p90, max} of the connections the server closed, answers (the
//   first line of anything the server sent before closing, counted),
//   still_open, oldest_open_s (age of the oldest one still open),
//   min_open_after_ramp (fewest open at once, sampled every 100 ms, after
//   the ramp).

import net from 'node:net'

const [host, portArg, countArg, intervalArg = '2000', rampArg = '5000', path = '/api/hello'] =
  process.argv.slice(2)
if (!host || !portArg || !countArg) {
  console.error('usage: slowloris.mjs <host> <port> <count> [interval_ms] [ramp_ms] [path]')
  process.exit(2)
}
const port = Number(portArg)
const target = Number(countArg)
const intervalMs = Number(intervalArg)
const rampMs = Number(rampArg)

const now = () => Number(process.hrtime.bigint()) / 1e6
const head = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-Slowloris: `

const started = now()
let stopping = false
let opened = 0
let closedByServer = 0
let connectErrors = 0
let rampDone = false
let minOpenAfterRamp = Infinity
const lifetimes = []
const answers = new Map()
/** slot -> { socket, connectedAt } */
const open = new Map()

function openSlot(slot) {
  if (stopping) return
  opened += 1
  const socket = net.connect({ host, port })
  const conn = { socket, connectedAt: null, endedAt: null, timer: null, received: '' }
  socket.setNoDelay(true)
  socket.on('connect', () => {
    conn.connectedAt = now()
    open.set(slot, conn)
    socket.write(head)
    conn.timer = setInterval(() => {
      if (!socket.destroyed) socket.write('a')
    }, intervalMs)
  })
  socket.on('data', (chunk) => {
    if (conn.received.length < 200) conn.received += chunk.toString('latin1')
  })
  // The server's FIN: the connection's end, whatever the socket does next.
  socket.on('end', () => {
    conn.endedAt ??= now()
    socket.destroy()
  })
  socket.on('error', () => {
    conn.endedAt ??= now()
  })
  socket.on('close', () => {
    clearInterval(conn.timer)
    if (stopping) return
    if (open.get(slot) === conn) open.delete(slot)
    if (conn.connectedAt === null) {
      // Never connected (refused, out of fds, ...): try again shortly.
      connectErrors += 1
      setTimeout(() => openSlot(slot), 100)
      return
    }
    closedByServer += 1
    lifetimes.push(((conn.endedAt ?? now()) - conn.connectedAt) / 1000)
    if (conn.received) {
      const line = conn.received.split('\r\n')[0]
      answers.set(line, (answers.get(line) ?? 0) + 1)
    }
    openSlot(slot)
  })
}

for (let slot = 0; slot < target; slot++) {
  setTimeout(() => openSlot(slot), (slot * rampMs) / target)
}

const readyCheck = setInterval(() => {
  if (!rampDone && open.size >= target) {
    rampDone = true
    console.error(`ready ${open.size}`)
  }
  if (rampDone) minOpenAfterRamp = Math.min(minOpenAfterRamp, open.size)
}, 100)

function quantile(sorted, q) {
  if (sorted.length === 0) return null
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}
const round = (x) => (x === null ? null : Math.round(x * 1000) / 1000)

function stop() {
  if (stopping) return
  stopping = true
  clearInterval(readyCheck)
  const t = now()
  const ages = [...open.values()].map((c) => (t - c.connectedAt) / 1000)
  const sorted = [...lifetimes].sort((a, b) => a - b)
  const report = {
    target,
    interval_s: intervalMs / 1000,
    ran_s: round((t - started) / 1000),
    opened,
    closed_by_server: closedByServer,
    connect_errors: connectErrors,
    lifetime_s: {
      count: sorted.length,
      min: round(quantile(sorted, 0)),
      median: round(quantile(sorted, 0.5)),
      p90: round(quantile(sorted, 0.9)),
      max: round(quantile(sorted, 1)),
    },
    answers: Object.fromEntries(answers),
    still_open: open.size,
    oldest_open_s: round(ages.length ? Math.max(...ages) : null),
    min_open_after_ramp: rampDone ? minOpenAfterRamp : null,
  }
  process.stdout.write(JSON.stringify(report) + '\n', () => {
    for (const c of open.values()) c.socket.destroy()
    process.exit(0)
  })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
