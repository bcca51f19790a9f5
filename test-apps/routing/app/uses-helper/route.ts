import { greet } from '../_lib/helpers'

export async function GET() {
  return Response.json({ route: 'uses-helper', greeting: greet('route') })
}
