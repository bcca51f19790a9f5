// GET / — a TypeScript handler reading the query string.
export function GET(request: Request): Response {
  const name: string = new URL(request.url).searchParams.get('name') ?? 'world'
  return new Response(`Hello, ${name}!\n`)
}
