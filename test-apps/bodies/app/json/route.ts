// Parses the JSON body and answers it re-serialized, with how many
// top-level items it held.
export async function POST(request: Request) {
  const data = await request.json()
  return Response.json(data, {
    headers: { 'x-items': String(Array.isArray(data) ? data.length : -1) },
  })
}
