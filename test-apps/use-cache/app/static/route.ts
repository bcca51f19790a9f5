import { count } from '../../lib/data'

// Touches no request data: prerendered.
export async function GET() {
  return Response.json(await count('static'))
}
