// Percent-decoding of catch-all segments.
export async function GET(request: Request, context: { params: Promise<{ parts: string[] }> }) {
  const { parts } = await context.params
  return Response.json({ parts, pathname: new URL(request.url).pathname })
}
