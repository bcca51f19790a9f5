import { DatabaseError } from 'pg'
import { pool } from '../../../../lib/db'

export async function GET() {
  try {
    await pool.query('SELECT * FROM missing_table')
    return Response.json({ ok: true })
  } catch (e) {
    const err = e as DatabaseError
    return Response.json(
      {
        isDatabaseError: err instanceof DatabaseError,
        name: err.name,
        code: err.code,
        severity: err.severity,
        message: err.message,
      },
      { status: 400 },
    )
  }
}
