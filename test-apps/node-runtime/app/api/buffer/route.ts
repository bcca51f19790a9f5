export async function GET() {
  const text = 'héllo, wörld ✓'
  const buf = Buffer.from(text, 'utf8')
  const b64 = buf.toString('base64')
  const hex = buf.toString('hex')
  const joined = Buffer.concat([Buffer.from('ab'), Buffer.from([0x63, 0x64]), new Uint8Array([0x65])])
  const big = Buffer.alloc(8)
  big.writeUInt32BE(0xdeadbeef, 0)
  big.writeInt16LE(-2, 4)
  return Response.json({
    typeofBuffer: typeof Buffer,
    isUint8Array: buf instanceof Uint8Array,
    byteLength: buf.length,
    stringLength: text.length,
    base64: b64,
    base64url: buf.toString('base64url'),
    hex,
    fromBase64: Buffer.from(b64, 'base64').toString('utf8'),
    fromHex: Buffer.from(hex, 'hex').toString('utf8'),
    latin1: Buffer.from('ÿ', 'latin1').toString('hex'),
    concat: joined.toString(),
    concatLength: joined.length,
    equals: Buffer.from('abc').equals(Buffer.from([97, 98, 99])),
    compare: Buffer.compare(Buffer.from('a'), Buffer.from('b')),
    slice: buf.subarray(0, 1).toString(),
    readBack: [big.readUInt32BE(0).toString(16), big.readInt16LE(4)],
    isBuffer: [Buffer.isBuffer(buf), Buffer.isBuffer(new Uint8Array(1))],
    byteLengthOf: Buffer.byteLength('✓'),
    json: Buffer.from('hi').toJSON(),
    atob: atob(Buffer.from('plain').toString('base64')),
  })
}
