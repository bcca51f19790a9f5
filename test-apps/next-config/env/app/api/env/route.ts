// next build inlines next.config's env where code reads process.env.NAME;
// a name computed at run time finds nothing (it is not in process.env).
export function GET(request: Request) {
  const name = new URL(request.url).searchParams.get('name') ?? 'FROM_CONFIG'
  return Response.json({
    direct: process.env.FROM_CONFIG ?? null,
    computed: process.env[name] ?? null,
    inKeys: Object.keys(process.env).includes('FROM_CONFIG'),
  })
}
