export async function GET(request: Request) {
  const ms = Number(new URL(request.url).searchParams.get('ms') ?? '100')
  await new Promise((resolve) => setTimeout(resolve, ms))
  return Response.json({ slept: ms })
}
