// Returns a plain object instead of a Response.
export async function GET() {
  return { hello: 'world' } as unknown as Response
}
