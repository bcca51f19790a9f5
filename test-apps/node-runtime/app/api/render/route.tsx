import { createRequire } from 'node:module'
import path from 'node:path'
import { Card } from '../../../lib/card'

// next@16.4.6 refuses a static `import ... from 'react-dom/server'` in a route
// handler at build time ("You're importing a component that imports
// react-dom/server ..."), and in the route-handler layer (react-server
// condition) react-dom/server resolves to a stub that throws. So the handler
// loads the project's own react-dom/server at run time with Node's resolution
// (a require rooted at the project's package.json), while the JSX below is
// compiled by the framework as usual.
const requireFromProject = createRequire(path.join(process.cwd(), 'package.json'))
type Server = typeof import('react-dom/server')

// GET /api/render[?mode=string]
export async function GET(request: Request) {
  const { renderToStaticMarkup, renderToString } = requireFromProject('react-dom/server') as Server
  const mode = new URL(request.url).searchParams.get('mode')
  const el = <Card title="Hello from a route handler" items={['one', 'two', 'three']} />
  const html = mode === 'string' ? renderToString(el) : renderToStaticMarkup(el)
  return new Response(`<!DOCTYPE html>${html}`, { headers: { 'Content-Type': 'text/html; charset=utf-8' } })
}
