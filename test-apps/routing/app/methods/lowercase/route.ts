// Only upper-case method names are handlers: `get` and the default export are ignored.
export async function get() {
  return Response.json({ method: 'lowercase get (must be ignored)' })
}

export default function handler() {
  return Response.json({ method: 'default export (must be ignored)' })
}

export async function POST() {
  return Response.json({ method: 'POST' })
}
