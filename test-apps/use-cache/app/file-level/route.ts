import { fileLevel } from '../../lib/file-level'

export async function GET(request: Request) {
  return Response.json(await fileLevel(request.headers.get('x-name') ?? 'f'))
}
