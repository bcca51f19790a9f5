// A fetch that fails (here: TLS to a server that speaks no TLS) rejects
// with a TypeError the handler can catch; the isolate keeps serving.
export async function GET(request: Request) {
  const upstream = new URL(request.url).searchParams.get('upstream')!
  try {
    await fetch(upstream)
    return Response.json({ ok: true })
  } catch (error) {
    return Response.json({ ok: false, name: (error as Error).name })
  }
}
