import { readFileSync } from 'node:fs'

export function GET() {
  return new Response(readFileSync('/etc/hostname'))
}
