// A type annotation with no type: swc rejects the file at startup, and the
// error must point here (line 4), not at transpiled output.
export async function GET() {
  let count: = 1
  return Response.json({ count })
}
