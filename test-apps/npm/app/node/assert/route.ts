import assert, { strictEqual, deepStrictEqual, throws } from 'node:assert'

export function GET() {
  const results: Record<string, string> = {}
  const check = (name: string, fn: () => void) => {
    try {
      fn()
      results[name] = 'passed'
    } catch (error) {
      const e = error as { name: string; code?: string }
      results[name] = `${e.name}:${e.code}`
    }
  }
  check('ok', () => assert(1 + 1 === 2))
  check('strictEqual', () => strictEqual(1, 1))
  check('strictEqualFails', () => strictEqual(1, '1' as unknown as number))
  check('deepStrictEqual', () => deepStrictEqual({ a: [1] }, { a: [1] }))
  check('deepStrictEqualFails', () => deepStrictEqual({ a: [1] }, { a: [2] }))
  check('throws', () => throws(() => { throw new TypeError('x') }, TypeError))
  return Response.json(results)
}
