// Module scope lives as long as the route's isolate: 1, 2, 3, ...
let count = 0

export async function GET() {
  count += 1
  return Response.json({ count })
}
