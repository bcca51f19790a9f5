import { probe } from '../../../../lib/probe'

export const runtime = 'edge'

export async function GET() {
  return Response.json({ runtime: 'edge', ...probe() })
}
