// A plain answer, to check the server listens where the CLI said.
export async function GET() {
  return new Response('edgeroute cli fixture')
}
