import { db } from '@/lib/db'
// The app's own package name, through its package.json "exports".
import { greet } from 'npm-fixture/shared/greet'
// baseUrl: a bare path from the project root.
import { db as sameDb } from 'lib/db'

export function GET() {
  return Response.json({ db: db.find(7), greet: greet('alias'), sameModule: db === sameDb })
}
