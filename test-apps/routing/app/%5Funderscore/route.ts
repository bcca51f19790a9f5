// "%5F" in a folder name is an encoded underscore: this answers /_underscore.
export async function GET() {
  return Response.json({ route: '%5Funderscore' })
}
