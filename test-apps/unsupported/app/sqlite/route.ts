// A Node.js route importing a built-in edgeroute's Node.js runtime lacks
// (node:sqlite needs a native side it does not have): it fails alone.
import { DatabaseSync } from 'node:sqlite'

export function GET() {
  return Response.json({ db: typeof DatabaseSync })
}
