export const revalidate = false

export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/never`, { cache: 'force-cache' })
  return Response.json(await res.json())
}
