import { Pool } from 'pg'

// One pool per server process; connects lazily on the first query.
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 })
