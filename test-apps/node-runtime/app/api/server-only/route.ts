import { secretGreeting } from '../../../lib/secret'

export async function GET() {
  return Response.json({ greeting: secretGreeting('route') })
}
