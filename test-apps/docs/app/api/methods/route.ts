// One handler per HTTP method from the "HTTP Methods" section of the reference.
export async function GET(request: Request) {
  return Response.json({ method: 'GET' })
}

export async function HEAD(request: Request) {
  return new Response(null, { headers: { 'x-head': '1' } })
}

export async function POST(request: Request) {
  return Response.json({ method: 'POST' })
}

export async function PUT(request: Request) {
  return Response.json({ method: 'PUT' })
}

export async function DELETE(request: Request) {
  return Response.json({ method: 'DELETE' })
}

export async function PATCH(request: Request) {
  return Response.json({ method: 'PATCH' })
}

// If `OPTIONS` is not defined, Next.js will automatically implement `OPTIONS` and set the appropriate Response `Allow` header depending on the other methods defined in the Route Handler.
export async function OPTIONS(request: Request) {
  return Response.json({ method: 'OPTIONS' }, { headers: { 'x-options': 'explicit' } })
}
