// Takes 5 s where the segment config allows 1.
export const maxDuration = 1

export async function GET() {
  await new Promise((resolve) => setTimeout(resolve, 5_000))
  return new Response('late')
}
