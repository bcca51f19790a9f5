export async function POST(request: Request) {
  const text = await request.text()
  return new Response(`got ${text.length} chars: ${text}`)
}
