// A WebAssembly binary imported with `?module` on the edge runtime: the
// default export is a WebAssembly.Module (lib/wasm/add.wasm: add(i32, i32)).
// @ts-ignore -- no type declarations for `?module` imports
import addModule from '../../../lib/wasm/add.wasm?module'

export const runtime = 'edge'

export async function GET() {
  const instance = await WebAssembly.instantiate(addModule)
  const add = instance.exports.add as (a: number, b: number) => number
  return Response.json({
    isModule: addModule instanceof WebAssembly.Module,
    exports: WebAssembly.Module.exports(addModule),
    sum: add(2, 40),
  })
}
