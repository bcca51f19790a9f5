import { schema } from '../lib/schema'

export function GET() {
  return Response.json(schema)
}
