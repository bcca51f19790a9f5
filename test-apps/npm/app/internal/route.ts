// Route code cannot reach the CommonJS loader behind the wrappers (it
// would read any file on disk).
export async function GET() {
  const internal = 'edgeroute:node/cjs'
  try {
    await import(internal)
    return Response.json({ blocked: false })
  } catch (error) {
    return Response.json({ blocked: true, message: String((error as Error).message) })
  }
}
