// A module-level interval (a cache refresher, a metrics flusher): the
// isolate's event loop never empties, even when it is retired as idle.
let ticks = 0
setInterval(() => {
  ticks++
}, 50)

export function GET() {
  return Response.json({ ticks })
}
