import { when } from '../../lib/data'

// What a cached value looks like when it comes back from the cache.
export async function GET(request: Request) {
  const value = await when(request.headers.get('x-name') ?? 'date')
  return Response.json({
    n: value.n,
    isDate: value.at instanceof Date,
    isMap: value.map instanceof Map,
    big: typeof value.big,
    hasMissing: 'missing' in value,
  })
}
