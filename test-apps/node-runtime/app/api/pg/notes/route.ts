import { pool } from '../../../../lib/db'

export async function GET() {
  const { rows, rowCount, command } = await pool.query('SELECT id, body FROM notes ORDER BY id')
  return Response.json({ command, rowCount, rows })
}

export async function POST(request: Request) {
  const { body } = await request.json()
  const { rows, command, rowCount } = await pool.query(
    'INSERT INTO notes (body) VALUES ($1) RETURNING id, body',
    [body],
  )
  return Response.json({ command, rowCount, row: rows[0] }, { status: 201 })
}
