import { readFileSync } from 'node:fs'

// GET /read?path=/abs/file: answers the file's text.
export function GET(request: Request) {
  const path = new URL(request.url).searchParams.get('path') ?? ''
  return new Response(readFileSync(path, 'utf8'))
}
