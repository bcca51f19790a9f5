// Percent-decoding of a dynamic segment.
export async function GET(request: Request, context: { params: Promise<{ value: string }> }) {
  const { value } = await context.params
  return Response.json({ value, pathname: new URL(request.url).pathname })
}
