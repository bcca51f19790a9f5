import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import querystring from 'node:querystring'
import { StringDecoder } from 'node:string_decoder'
import url, { fileURLToPath, pathToFileURL } from 'node:url'
import util from 'node:util'

export async function GET() {
  const require2 = createRequire(import.meta.url)
  const decoder = new StringDecoder('utf8')
  const check = Buffer.from('✓')
  const decoded = decoder.write(check.subarray(0, 1)) + '|' + decoder.write(check.subarray(1)) + decoder.end()
  return Response.json({
    cwdIsProjectRoot: fs.existsSync(path.join(process.cwd(), 'package.json')),
    cwdIsAbsolute: path.isAbsolute(process.cwd()),
    typeofVersionsNode: typeof process.versions.node,
    nodeMajorIsNumber: Number.isInteger(Number(process.versions.node.split('.')[0])),
    typeofSetImmediate: typeof setImmediate,
    typeofGlobal: typeof global,
    globalIsGlobalThis: global === globalThis,
    typeofWebSocket: typeof (globalThis as { WebSocket?: unknown }).WebSocket,
    typeofNavigator: typeof (globalThis as { navigator?: unknown }).navigator,
    typeofProcessNextTick: typeof process.nextTick,
    platform: process.platform,
    typeofPid: typeof process.pid,
    envIsObject: typeof process.env === 'object',
    pathJoin: path.join('/a', 'b', '../c', 'd.txt'),
    pathParse: path.parse('/srv/app/file.tar.gz'),
    pathRelative: path.relative('/a/b/c', '/a/d'),
    pathSep: path.sep,
    posixEqualsPath: path.posix.join === path.join,
    eol: os.EOL,
    fileURLToPath: fileURLToPath('file:///tmp/a%20b.txt'),
    pathToFileURL: pathToFileURL('/tmp/a b#c.txt').href,
    urlParse: url.parse('http://user@example.com:8080/p/a?x=1#h').port,
    utilFormat: util.format('%s is %d years and %j', 'Ada', 36, { ok: true }),
    utilInspect: util.inspect({ a: [1, { b: 2 }], s: 'x' }, { depth: 0 }),
    utilTypes: util.types.isPromise(Promise.resolve()),
    utilIsDeepStrictEqual: util.isDeepStrictEqual({ a: [1] }, { a: [1] }),
    querystringStringify: querystring.stringify({ q: 'a b', list: ['x', 'y'], empty: '' }),
    querystringParse: querystring.parse('a=1&a=2&b=%20'),
    stringDecoder: decoded,
    textDecoder: new TextDecoder().decode(new Uint8Array([0xe2, 0x9c, 0x93])),
    createRequirePath: require2('node:path') === path,
    createRequireResolvesBuiltin: require2('node:os').EOL === os.EOL,
    structuredClone: structuredClone(new Map([['k', 1]])).get('k'),
  })
}
