// Two CommonJS-only packages: `ms` (module.exports = function) and
// `cookie` (exports.parse = ..., named exports detected statically).
import ms from 'ms'
import { parse, serialize } from 'cookie'
import * as cookieNamespace from 'cookie'

export function GET(request: Request) {
  return Response.json({
    twoDays: ms('2 days'),
    short: ms(60000),
    cookies: parse(request.headers.get('cookie') ?? ''),
    serialized: serialize('theme', 'dark', { httpOnly: true, path: '/' }),
    defaultIsModuleExports: cookieNamespace.default.parse === parse,
  })
}
