// Echoes the body read as text, with its length in UTF-16 code units: a
// multi-byte character split across network chunks must decode whole.
export async function POST(request: Request) {
  const text = await request.text()
  return new Response(text, { headers: { 'x-text-length': String(text.length) } })
}
