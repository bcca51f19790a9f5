// Exported in this order on purpose: see the order of the automatic Allow header.
export async function POST() {
  return Response.json({ method: 'POST' })
}

export async function GET() {
  return Response.json({ method: 'GET' })
}

export async function DELETE() {
  return Response.json({ method: 'DELETE' })
}
