export const revalidate = 60

export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/revalidate-60`, { cache: 'no-store' })
  return Response.json(await res.json())
}
