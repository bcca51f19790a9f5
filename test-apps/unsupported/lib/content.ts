import path from 'node:path'

export function contentPath(name: string): string {
  return path.join(process.cwd(), 'content', name)
}
