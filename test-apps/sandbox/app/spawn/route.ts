import { execFileSync } from 'node:child_process'

// GET /spawn: runs `echo spawned`.
export function GET() {
  const out = execFileSync('echo', ['spawned'], { encoding: 'utf8' })
  return Response.json({ out: out.trim() })
}
