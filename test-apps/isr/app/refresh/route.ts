import { refresh } from 'next/cache'

export async function POST() {
  refresh()
  return Response.json({ refreshed: true })
}
