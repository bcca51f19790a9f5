// Same path as public/clash.txt: the public file wins, this never answers.
export async function GET() {
  return new Response('from the route', { headers: { 'content-type': 'text/plain' } })
}
