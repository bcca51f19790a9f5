// Served under /api by the axum server in src/main.rs: GET /api/hello.
import { type NextRequest } from 'next/server'

export async function GET(request: NextRequest) {
  return Response.json({
    message: 'Hello from a route handler',
    url: request.url,
    pathname: request.nextUrl.pathname,
    forwarded: {
      for: request.headers.get('x-forwarded-for'),
      proto: request.headers.get('x-forwarded-proto'),
      port: request.headers.get('x-forwarded-port'),
    },
  })
}
