// An edge route that reaches a Node built-in the edge runtime lacks,
// through a library file: this route fails alone, with the import chain.
// (On the Node.js runtime, node:path is there.)
import { contentPath } from '../../lib/content'

export const runtime = 'edge'

export function GET() {
  return Response.json({ path: contentPath('post.md') })
}
