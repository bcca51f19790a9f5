export async function GET() {
  const value = { ok: true
  return Response.json(value)
}
