import { updateTag } from 'next/cache'

export async function POST() {
  updateTag('items')
  return Response.json({ updated: true })
}
