// A Response with a null body and a custom status.
export async function GET() {
  return new Response(null, { status: 202, headers: { 'x-null-body': '1' } })
}
