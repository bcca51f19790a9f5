// request.cookies (RequestCookies) methods on the request side. set/delete/
// clear rewrite the request's own Cookie header, shown after each step.
import { type NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  const c = request.cookies
  const header = () => request.headers.get('cookie')
  const out: Record<string, unknown> = {
    get: c.get('a') ?? null,
    getByObject: c.get({ name: 'b', value: '' }) ?? null,
    getMissing: c.get('missing') ?? null,
    getAll: c.getAll(),
    getAllName: c.getAll('a'),
    getAllMissing: c.getAll('missing'),
    has: c.has('a'),
    hasMissing: c.has('missing'),
    size: c.size,
    toString: c.toString(),
  }
  out.setReturnsSelf = c.set('added', 'v 1;é') === c
  out.afterSet = { size: c.size, get: c.get('added') ?? null, header: header() }
  out.setObjectForm = c.set({ name: 'a', value: 'replaced' }) === c
  out.afterSetObject = { getAll: c.getAll(), header: header() }
  out.deleteOne = c.delete('b')
  out.deleteMissing = c.delete('missing')
  out.afterDelete = { size: c.size, header: header() }
  out.deleteMany = c.delete(['a', 'missing'])
  out.afterDeleteMany = { size: c.size, header: header() }
  out.clearReturnsSelf = c.clear() === c
  out.afterClear = { size: c.size, getAll: c.getAll(), header: header() }
  return Response.json(out)
}
