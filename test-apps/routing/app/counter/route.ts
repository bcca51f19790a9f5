// Module-level state lives as long as the server process.
let count = 0

export async function GET() {
  count += 1
  return Response.json({ count })
}
