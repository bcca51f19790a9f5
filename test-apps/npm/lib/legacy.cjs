// A CommonJS file of the app: require() of built-ins, of a CJS package,
// of JSON, and of another CommonJS file that requires this one back
// (a cycle sees the partial exports, as in Node).
'use strict'
const { Buffer } = require('buffer')
const crypto = require('node:crypto')
const EventEmitter = require('events')
const ms = require('ms')
const data = require('./data.json')

exports.early = 'set before the cycle'
const cycle = require('./cycle.cjs')

exports.summary = function summary() {
  let optional = 'absent'
  try {
    require('not-installed-optional-dependency')
    optional = 'present'
  } catch (error) {
    optional = error.code
  }
  return {
    base64: Buffer.from('cjs').toString('base64'),
    sha256: crypto.createHash('sha256').update('cjs').digest('hex').slice(0, 12),
    emitter: typeof new EventEmitter().on,
    ms: ms('1h'),
    data: data.name,
    cycle: cycle.sawEarly,
    optional,
    esm: (() => {
      try {
        require('nanoid')
        return 'loaded'
      } catch (error) {
        return error.code
      }
    })(),
  }
}
