import { writeFileSync } from 'node:fs'

// POST /write?path=/abs/file: writes the request body there.
export async function POST(request: Request) {
  const path = new URL(request.url).searchParams.get('path') ?? ''
  writeFileSync(path, await request.text())
  return Response.json({ written: path })
}
