export const revalidate = 60

// Counts calls in this process: a prerendered answer keeps the build-time count.
let count = 0

export async function GET() {
  count += 1
  return Response.json({ route: 'segment/revalidate-60', count })
}
