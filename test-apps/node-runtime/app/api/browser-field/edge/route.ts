// A package whose browser field replaces one file and drops another:
// Next's bundler applies it on the edge runtime only.
import { describe } from 'browser-field'

export const runtime = 'edge'

export function GET() {
  return Response.json(describe())
}
