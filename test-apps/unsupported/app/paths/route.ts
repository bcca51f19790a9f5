// Reaches a Node built-in edgeroute does not provide yet, through a
// library file: this route fails alone, with the import chain.
import { contentPath } from '../../lib/content'

export function GET() {
  return Response.json({ path: contentPath('post.md') })
}
