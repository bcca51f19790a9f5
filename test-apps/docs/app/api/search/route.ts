// "URL Query Parameters" with plain Web APIs instead of request.nextUrl.
export function GET(request: Request) {
  const searchParams = new URL(request.url).searchParams
  const query = searchParams.get('query')
  // query is "hello" for /api/search?query=hello
  return Response.json({ query })
}
