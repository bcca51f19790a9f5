// "Headers" with the underlying Web APIs instead of next/headers.
export async function GET(request: Request) {
  const requestHeaders = new Headers(request.headers)
  const referer = requestHeaders.get('referer')
  return new Response('Hello, Next.js!', {
    status: 200,
    headers: { referer: referer ?? 'none' },
  })
}
