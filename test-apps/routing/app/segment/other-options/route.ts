export const dynamicParams = true
export const fetchCache = 'auto'
export const runtime = 'nodejs'
export const preferredRegion = 'auto'

// Counts calls in this process: a prerendered answer keeps the build-time count.
let count = 0

export async function GET() {
  count += 1
  return Response.json({ route: 'segment/other-options', count })
}
