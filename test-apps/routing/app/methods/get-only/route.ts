// Only GET: HEAD and OPTIONS are automatic, other methods get 405.
export async function GET() {
  return new Response('get-only body', {
    headers: { 'Content-Type': 'text/plain', 'x-handler': 'GET' },
  })
}
