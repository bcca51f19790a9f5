export async function GET() {
  throw new Error('boom from route handler')
}
