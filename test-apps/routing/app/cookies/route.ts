// Two Set-Cookie headers through headers.append.
export async function GET() {
  const headers = new Headers({ 'Content-Type': 'text/plain' })
  headers.append('Set-Cookie', 'a=1; Path=/')
  headers.append('Set-Cookie', 'b=2; Path=/; HttpOnly')
  return new Response('two cookies', { headers })
}
