// GET /api/hello — the hello-world JSON answer.
import { tag } from '../../_lib/soak'

export async function GET(request: Request) {
  return Response.json({ hello: 'world' }, { headers: tag(request, 'hello') })
}
