// headers() is read-only: set/append/delete throw. Each error is caught and
// its message returned; get() still works.
import { headers } from 'next/headers'
import { errorInfo } from '../../_lib/mask'

export async function GET() {
  const list = await headers()
  const attempt = (f: () => unknown) => {
    try {
      f()
      return 'no error'
    } catch (e) {
      return errorInfo(e)
    }
  }
  return Response.json({
    set: attempt(() => list.set('x-new', '1')),
    append: attempt(() => list.append('x-new', '1')),
    delete: attempt(() => list.delete('x-test')),
    get: list.get('x-test'),
    has: list.has('x-test'),
  })
}
