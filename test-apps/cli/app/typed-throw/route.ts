// Throws below TypeScript-only lines (an interface, a type alias, a
// `declare`, annotations) that swc strips, so the emitted JavaScript has
// the throw on another line and column. The logged position is the .ts one
// only if stack traces go through the source map.

interface Order {
  id: string
  total: number
}

type Status = 'open' | 'closed'

declare const buildId: string

export async function GET(request: Request): Promise<Response> {
  const order: Order = { id: 'o-1', total: 3 }
  const status: Status = 'open'
  const failure: Error & { order?: Order } = new Error(`typed boom ${order.id} ${status}`)
  throw failure
}
