// The bench's route (benches/apps/hello/app/hello/route.ts) for workerd,
// which loads JavaScript only: the same GET, called for every request.
async function GET() {
  return Response.json({ hello: 'world' })
}

export default {
  fetch() {
    return GET()
  },
}
