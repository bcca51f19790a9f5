import type { Pool, PoolClient } from 'pg'
import { pool } from '../../../../lib/db'

// POST /api/pg/tx?mode=rollback|commit
export async function POST(request: Request) {
  const mode = new URL(request.url).searchParams.get('mode') === 'commit' ? 'commit' : 'rollback'
  const count = async (c: Pool | PoolClient) =>
    (await c.query('SELECT count(*)::int AS n FROM ledger')).rows[0].n as number
  const client = await pool.connect()
  try {
    const before = await count(client)
    await client.query('BEGIN')
    const inserted = await client.query('INSERT INTO ledger (label) VALUES ($1) RETURNING label', [mode])
    const inside = await count(client)
    await client.query(mode === 'commit' ? 'COMMIT' : 'ROLLBACK')
    const after = await count(pool)
    return Response.json({ mode, before, inserted: inserted.rows[0].label, inside, after })
  } finally {
    client.release()
  }
}
