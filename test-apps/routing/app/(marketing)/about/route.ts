// Route group: "(marketing)" is not part of the URL, this answers /about.
export async function GET() {
  return Response.json({ route: '(marketing)/about' })
}
