// Private folder: never routable, /_lib must be a 404.
export async function GET() {
  return Response.json({ route: '_lib (must not be reachable)' })
}
