import { Pool } from 'pg'

// Nothing listens on port 1: the query rejects with ECONNREFUSED and the
// error propagates out of the handler (Next.js answers 500).
const down = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/edgeroute', connectionTimeoutMillis: 2000 })

export async function GET() {
  const { rows } = await down.query('SELECT 1 AS one')
  return Response.json(rows)
}
