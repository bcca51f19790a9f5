// Not a Response: Next.js must refuse it.
export async function GET() {
  return { hello: 'world' } as any
}
