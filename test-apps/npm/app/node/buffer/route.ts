import { Buffer } from 'node:buffer'
import bufferModule from 'buffer'

export function GET() {
  const bytes = Buffer.from('héllo wörld', 'utf8')
  return Response.json({
    base64: bytes.toString('base64'),
    hex: Buffer.from([1, 2, 254]).toString('hex'),
    roundTrip: Buffer.from(bytes.toString('base64'), 'base64').toString('utf8'),
    concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
    isBuffer: Buffer.isBuffer(bytes),
    isUint8Array: bytes instanceof Uint8Array,
    readUInt32BE: Buffer.from([0, 0, 1, 0]).readUInt32BE(0),
    sameModule: bufferModule.Buffer === Buffer,
    globalBuffer: typeof (globalThis as Record<string, unknown>).Buffer,
  })
}
