#!/usr/bin/env node
// The services behind test-apps/cache-handler (node built-ins and Debian's
// redis-server only).
//
// CONTRACT (as test-apps/node-runtime/services.mjs): prints ONE JSON line,
//   {"COUNTER_URL":"http://127.0.0.1:PORT","REDIS_URL":"redis://127.0.0.1:PORT"}
// and runs until its stdin reaches EOF (or SIGTERM/SIGINT), then stops
// Redis. GET /count/<name>: see ../cache-data/counter.mjs.
import { spawn } from 'node:child_process'
import net from 'node:net'
import { startCounter } from '../cache-data/counter.mjs'

const freePort = () =>
  new Promise((resolve) => {
    const probe = net.createServer()
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

const redisPort = await freePort()
const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
  stdio: 'ignore',
})
const redisReady = async () => {
  for (let i = 0; i < 200; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(redisPort, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('redis-server did not start')
}
await redisReady()

const counter = await startCounter()
process.stdout.write(
  JSON.stringify({ COUNTER_URL: counter.url, REDIS_URL: `redis://127.0.0.1:${redisPort}` }) + '\n',
)
const stop = () => {
  redis.kill('SIGTERM')
  counter.server.close(() => process.exit(0))
}
process.stdin.on('end', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
