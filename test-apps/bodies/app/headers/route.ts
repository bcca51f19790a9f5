// Reports request headers as the handler sees them: a name sent several
// times reads as its values joined with ", ".
export async function GET(request: Request) {
  return Response.json({
    multi: request.headers.get('x-multi'),
    single: request.headers.get('x-single'),
    entries: [...request.headers].filter(([name]) => name.startsWith('x-')),
  })
}
