#!/usr/bin/env node
// The counting upstream behind test-apps/cache-data's cached functions
// (node built-ins only).
//
// CONTRACT (as test-apps/node-runtime/services.mjs): starts an HTTP server on
// 127.0.0.1 (OS-chosen port), prints ONE JSON line on stdout,
//   {"COUNTER_URL":"http://127.0.0.1:PORT"}
// and runs until its stdin reaches EOF (or SIGTERM/SIGINT).
//
// GET /count/<name>: see counter.mjs.

import { startCounter } from './counter.mjs'

const { server, url } = await startCounter()
process.stdout.write(JSON.stringify({ COUNTER_URL: url }) + '\n')
const stop = () => server.close(() => process.exit(0))
process.stdin.on('end', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
