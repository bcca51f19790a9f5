export const revalidate = 2

// A fetch with no cache option inside a revalidate = 2 route.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/revalidate-2`)
  return Response.json(await res.json())
}
