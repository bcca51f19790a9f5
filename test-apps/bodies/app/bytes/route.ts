// Echoes the body byte for byte (any byte value), with its length as the
// route saw it.
export async function POST(request: Request) {
  const bytes = await request.arrayBuffer()
  return new Response(bytes, {
    headers: { 'x-byte-length': String(bytes.byteLength) },
  })
}
