// GET /exit: a route cannot end the server.
export function GET() {
  process.exit(1)
  return new Response('still here')
}
