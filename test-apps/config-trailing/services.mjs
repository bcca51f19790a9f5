#!/usr/bin/env node
// The upstream of the fixture's external rewrites (node built-ins only).
//
// CONTRACT (as test-apps/node-runtime/services.mjs): starts an HTTP server on
// 127.0.0.1 (OS-chosen port), prints ONE JSON line on stdout,
//   {"UPSTREAM_URL":"http://127.0.0.1:PORT"}
// and runs until its stdin reaches EOF (or SIGTERM/SIGINT).
//
// Endpoints (any method):
//   /stream?n=N&ms=M  N chunks "chunk i\n", M ms apart (chunked), then a
//                     last line with the JSON of what the request looked like
//   /slow-echo        answers at once (200, chunked) and writes
//                     "got <n> bytes: <text>\n" for every request-body chunk as
//                     it arrives, then "end <total>\n": shows that the body
//                     streams through a proxy and the answer streams back
//   /hit?key=K        notes K (for waitUntil); 204
//   /hits             JSON array of the keys noted so far
//   anything else     JSON echo: method, url, the headers received, the body
// Echoed headers are sorted; ports >= 32768 (the random ports of the
// upstream and of the server in front of it) are written as PORT.

import http from 'node:http'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const maskPorts = (text) => String(text).replace(/(?<=^|:)(\d{5})(?=$|[/?#,"])/g, (p) => (Number(p) >= 32768 ? 'PORT' : p))
const hits = []

function seen(req, body) {
  const headers = {}
  for (const name of Object.keys(req.headers).sort()) headers[name] = maskPorts(req.headers[name])
  return { method: req.method, url: maskPorts(req.url), headers, body }
}

async function readBody(req) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://upstream')
  url.pathname = url.pathname.replace(/(.)\/$/, '$1') // /stream/ (trailingSlash) = /stream
  try {
    if (url.pathname.endsWith('/stream')) {
      const n = Number(url.searchParams.get('n') || 3)
      const ms = Number(url.searchParams.get('ms') || 200)
      const body = await readBody(req)
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-upstream': 'stream' })
      res.flushHeaders()
      for (let i = 0; i < n; i++) {
        if (i > 0) await sleep(ms)
        res.write(`chunk ${i}\n`)
      }
      res.end(JSON.stringify(seen(req, body)) + '\n')
    } else if (url.pathname.endsWith('/slow-echo')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-upstream': 'slow-echo' })
      res.flushHeaders()
      let total = 0
      for await (const c of req) {
        total += c.length
        res.write(`got ${c.length} bytes: ${c.toString('utf8')}\n`)
      }
      res.end(`end ${total}\n`)
    } else if (url.pathname.endsWith('/hit')) {
      await readBody(req)
      hits.push(url.searchParams.get('key'))
      res.writeHead(204, { 'x-upstream': 'hit' })
      res.end()
    } else if (url.pathname.endsWith('/hits')) {
      await readBody(req)
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'hits' })
      res.end(JSON.stringify(hits))
    } else {
      const body = await readBody(req)
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo', 'set-cookie': 'upstream=1; Path=/' })
      res.end(JSON.stringify(seen(req, body)))
    }
  } catch (e) {
    res.destroy(e)
  }
})

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ UPSTREAM_URL: `http://127.0.0.1:${server.address().port}` }) + '\n')
})
const stop = () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 2000).unref()
process.stdin.on('end', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
