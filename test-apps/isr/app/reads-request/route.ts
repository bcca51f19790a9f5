export const revalidate = 60

// Reads the request while `next build` prerenders it: dynamic.
export async function GET(request: Request) {
  const res = await fetch(`${process.env.COUNTER_URL}/count/reads-request`, { next: { revalidate: 60 } })
  const { n } = await res.json()
  return Response.json({ n, agent: request.headers.get('user-agent') === null })
}
