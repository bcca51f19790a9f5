import { promises as fs } from 'node:fs'
import path from 'node:path'
import { escapeXml, parsePost } from '../../../lib/frontmatter'

export async function GET() {
  const source = await fs.readFile(path.join(process.cwd(), 'content', 'post.md'), 'utf8')
  const { meta, body } = parsePost(source)
  const xml = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0">
<channel>
  <title>edgeroute fixture blog</title>
  <link>https://example.com</link>
  <description>Posts read from content/</description>
  <item>
    <title>${escapeXml(meta.title)}</title>
    <link>https://example.com/blog/${meta.slug}</link>
    <pubDate>${new Date(meta.date + 'T00:00:00Z').toUTCString()}</pubDate>
    <description>${escapeXml(body.trim())}</description>
  </item>
</channel>
</rss>`
  return new Response(xml, { headers: { 'Content-Type': 'text/xml' } })
}
