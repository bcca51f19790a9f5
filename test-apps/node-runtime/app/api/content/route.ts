import fs from 'node:fs'
import path from 'node:path'
import { parsePost } from '../../../lib/frontmatter'

export async function GET() {
  const dir = path.join(process.cwd(), 'content')
  const files = fs.readdirSync(dir).sort()
  const posts = files
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const { meta } = parsePost(fs.readFileSync(path.join(dir, f), 'utf8'))
      return { file: f, title: meta.title, slug: meta.slug }
    })
  const stat = fs.statSync(path.join(dir, 'about.txt'))
  return Response.json({
    files,
    posts,
    withFileTypes: fs.readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d.isFile()]).sort(),
    aboutSize: stat.size,
    isDirectory: fs.statSync(dir).isDirectory(),
    missing: fs.existsSync(path.join(dir, 'nope.md')),
  })
}
