import { countBriefly } from '../../lib/data'

// Prerendered with the cached function's cacheLife('brief') (revalidate 3).
export async function GET() {
  return Response.json(await countBriefly('life'))
}
