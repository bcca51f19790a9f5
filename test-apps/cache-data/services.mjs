#!/usr/bin/env node
// The counting upstream behind test-apps/cache-data's cached functions
// (node built-ins only).
//
// CONTRACT (as test-apps/node-runtime/services.mjs): starts an HTTP server on
// 127.0.0.1 (OS-chosen port), prints ONE JSON line on stdout,
//   {"COUNTER_URL":"http://127.0.0.1:PORT"}
// and runs until its stdin reaches EOF (or SIGTERM/SIGINT).
//
// GET /count/<name>: {"name":<name>,"n":<how many times /count/<name> was
// asked, this one included>}. A cached function that reads it shows, in
// its answer, how often it really ran.

import http from 'node:http'

const counts = new Map()
const server = http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, 'http://counter').pathname.replace(/^\/count\//, ''))
  const n = (counts.get(name) ?? 0) + 1
  counts.set(name, n)
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ name, n }))
})

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ COUNTER_URL: `http://127.0.0.1:${server.address().port}` }) + '\n')
})
const stop = () => server.close(() => process.exit(0))
process.stdin.on('end', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
