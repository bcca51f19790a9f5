import { helper } from '../lib/helper'

export function GET() {
  return Response.json(helper())
}
