import util, { format, inherits, promisify, types, isDeepStrictEqual } from 'node:util'

function Base(this: { kind: string }) {
  this.kind = 'base'
}
function Child(this: { kind: string }) {
  Base.call(this)
}
inherits(Child, Base)

const callbackStyle = (value: number, done: (error: Error | null, result?: number) => void) =>
  setTimeout(() => done(null, value * 2), 1)

export async function GET() {
  return Response.json({
    format: format('%s has %d items: %j', 'cart', 3, { a: 1 }),
    inspect: util.inspect({ nested: { deep: [1, 2] } }),
    inherits: Object.getPrototypeOf(Child.prototype) === Base.prototype,
    promisified: await promisify(callbackStyle)(21),
    isPromise: types.isPromise(Promise.resolve()),
    isDate: types.isDate(new Date()),
    deepEqual: isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
  })
}
