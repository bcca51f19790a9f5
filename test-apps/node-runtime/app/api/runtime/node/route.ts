import { probe } from '../../../../lib/probe'

export async function GET() {
  return Response.json({ runtime: 'nodejs', ...probe() })
}
