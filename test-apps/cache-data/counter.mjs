// The counting upstream the cache fixtures' services start (node built-ins
// only): GET /count/<name> answers {"name":<name>,"n":<how many times
// /count/<name> was asked, this one included>}, so a cached function that
// reads it shows, in its answer, how often it really ran.
import http from 'node:http'

/** Listens on 127.0.0.1 (a port the OS picks); resolves to the server and its URL. */
export function startCounter() {
  const counts = new Map()
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://counter').pathname.replace(/^\/count\//, ''))
    const n = (counts.get(name) ?? 0) + 1
    counts.set(name, n)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ name, n }))
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}` })
    })
  })
}
