// The hello-world route handler from the Next.js route.js reference.
export async function GET() {
  return Response.json({ message: 'Hello World' })
}
