import path from 'node:path'
import dotenv from 'dotenv'

export async function GET() {
  const result = dotenv.config({ path: path.join(process.cwd(), 'config/app.env'), quiet: true })
  return Response.json({
    error: result.error ? String(result.error) : null,
    parsed: result.parsed,
    env: {
      APP_NAME: process.env.APP_NAME,
      APP_GREETING: process.env.APP_GREETING,
      NODE_ENV: process.env.NODE_ENV,
    },
    parseString: dotenv.parse('A=1\nB="two words"\n# comment\nC=\'single\''),
  })
}
