export const dynamic = 'error'

export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/error-mode`, { cache: 'force-cache' })
  return Response.json(await res.json())
}
