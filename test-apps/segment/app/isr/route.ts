// Prerendered, regenerated in the background once older than 1 second.
export const revalidate = 1

let renders = 0

export async function GET() {
  renders += 1
  return Response.json({ renders })
}
