import postgres from 'postgres'
import { drizzle } from 'drizzle-orm/postgres-js'
import { asc, eq, sql as dsql } from 'drizzle-orm'
import { users } from '../../../lib/schema'

const sql = postgres(process.env.DATABASE_URL as string, { max: 2, onnotice: () => {} })
const db = drizzle(sql)

// GET: plain postgres.js tagged template + a drizzle select.
export async function GET(request: Request) {
  const email = new URL(request.url).searchParams.get('email')
  const [{ two, greeting }] = await sql`SELECT 1 + 1 AS two, ${'hi'}::text || ' there' AS greeting`
  const rows = email
    ? await db.select().from(users).where(eq(users.email, email))
    : await db.select().from(users).orderBy(asc(users.id))
  const [{ n }] = await db.select({ n: dsql<number>`count(*)::int` }).from(users)
  return Response.json({ raw: { two, greeting }, count: n, rows })
}

// POST: drizzle insert ... returning.
export async function POST(request: Request) {
  const { name, email } = await request.json()
  const inserted = await db.insert(users).values({ name, email }).returning()
  return Response.json({ inserted }, { status: 201 })
}
