import zlib from 'node:zlib'
import { promisify } from 'node:util'

export async function GET() {
  const input = 'edgeroute '.repeat(50)
  const gz = zlib.gzipSync(input)
  const deflated = zlib.deflateSync(Buffer.from(input))
  const br = zlib.brotliCompressSync(input)
  const gunzipAsync = promisify(zlib.gunzip)
  let corrupt: string | null = null
  try {
    zlib.gunzipSync(Buffer.from('not gzip'))
  } catch (e) {
    corrupt = (e as { code?: string }).code ?? 'threw'
  }
  return Response.json({
    // Compressed sizes depend on the zlib build: only round trips and magic bytes.
    gzipMagic: gz.subarray(0, 2).toString('hex'),
    gunzip: zlib.gunzipSync(gz).toString() === input,
    gunzipAsync: (await gunzipAsync(gz)).toString() === input,
    smaller: gz.length < input.length,
    inflate: zlib.inflateSync(deflated).toString() === input,
    brotli: zlib.brotliDecompressSync(br).toString() === input,
    unzip: zlib.unzipSync(gz).toString().length,
    corrupt,
    constants: typeof zlib.constants.Z_BEST_COMPRESSION,
  })
}
