// Answers after half a second: long enough for a test to send SIGTERM
// while the request is in flight.
export async function GET() {
  await new Promise((resolve) => setTimeout(resolve, 500))
  return new Response('slow done')
}
