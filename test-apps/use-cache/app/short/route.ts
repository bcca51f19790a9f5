import { countForSeconds } from '../../lib/data'

// cacheLife('seconds'): too short-lived to prerender.
export async function GET() {
  return Response.json(await countForSeconds('short'))
}
