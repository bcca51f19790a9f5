import { nanoid, customAlphabet } from 'nanoid'

export function GET() {
  const digits = customAlphabet('0123456789', 8)
  return Response.json({ id: nanoid(), other: nanoid(), digits: digits() })
}
