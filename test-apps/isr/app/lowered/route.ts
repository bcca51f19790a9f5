export const revalidate = 600

// The fetch's revalidate (2) is lower than the segment's: the route's wins.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/lowered`, { next: { revalidate: 2 } })
  return Response.json(await res.json())
}
