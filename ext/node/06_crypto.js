// node:crypto, the subset edge-compatible packages use: randomUUID,
// randomBytes, randomInt, getRandomValues, createHash and createHmac (sha1,
// sha224, sha256, sha384, sha512, md5; digests computed in Rust),
// timingSafeEqual, and Web Crypto as `webcrypto` / `subtle`.
(function () {
const { core, primordials } = __bootstrap;
const { op_node_hash_block_size, op_node_digest } = core.ops;
const { ArrayBufferIsView, Error, MathFloor, TypeError, Uint8Array } = primordials;
const { Buffer } = core.loadExtScript("ext:edgeroute_node/01_buffer.js");

const webcrypto = () => globalThis.crypto;

function toBytes(data, encoding, what) {
  if (typeof data === "string") return Buffer.from(data, encoding ?? "utf8");
  if (ArrayBufferIsView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError(
    `The "${what}" argument must be of type string or an instance of Buffer, TypedArray, DataView or ArrayBuffer`,
  );
}

function concat(chunks) {
  let length = 0;
  for (const chunk of chunks) length += chunk.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function checkAlgorithm(algorithm) {
  const blockSize = op_node_hash_block_size(String(algorithm));
  if (blockSize === 0) {
    const error = new Error(`Digest method not supported: ${algorithm}`);
    error.code = "ERR_OSSL_EVP_UNSUPPORTED";
    throw error;
  }
  return blockSize;
}

function encode(bytes, encoding) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding === undefined || encoding === "buffer" ? buffer : buffer.toString(encoding);
}

class Hash {
  #algorithm;
  #chunks = [];
  #done = false;

  constructor(algorithm) {
    checkAlgorithm(algorithm);
    this.#algorithm = String(algorithm);
  }

  update(data, inputEncoding) {
    if (this.#done) throw new Error("Digest already called");
    this.#chunks.push(toBytes(data, inputEncoding, "data"));
    return this;
  }

  digest(encoding) {
    if (this.#done) throw new Error("Digest already called");
    this.#done = true;
    return encode(op_node_digest(this.#algorithm, concat(this.#chunks)), encoding);
  }

  copy() {
    const copy = new Hash(this.#algorithm);
    for (const chunk of this.#chunks) copy.update(chunk);
    return copy;
  }
}

class Hmac {
  #algorithm;
  #inner;
  #outerKey;
  #done = false;

  constructor(algorithm, key) {
    const blockSize = checkAlgorithm(algorithm);
    this.#algorithm = String(algorithm);
    let keyBytes = toBytes(key, "utf8", "key");
    if (keyBytes.byteLength > blockSize) {
      keyBytes = op_node_digest(this.#algorithm, keyBytes);
    }
    const inner = new Uint8Array(blockSize);
    const outer = new Uint8Array(blockSize);
    for (let i = 0; i < blockSize; i++) {
      const byte = keyBytes[i] ?? 0;
      inner[i] = byte ^ 0x36;
      outer[i] = byte ^ 0x5c;
    }
    this.#inner = [inner];
    this.#outerKey = outer;
  }

  update(data, inputEncoding) {
    if (this.#done) throw new Error("Digest already called");
    this.#inner.push(toBytes(data, inputEncoding, "data"));
    return this;
  }

  digest(encoding) {
    if (this.#done) throw new Error("Digest already called");
    this.#done = true;
    const inner = op_node_digest(this.#algorithm, concat(this.#inner));
    const outer = op_node_digest(this.#algorithm, concat([this.#outerKey, inner]));
    return encode(outer, encoding);
  }
}

function randomBytes(size, callback) {
  const bytes = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += 65536) {
    webcrypto().getRandomValues(bytes.subarray(offset, offset + 65536));
  }
  if (typeof callback === "function") {
    queueMicrotask(() => callback(null, bytes));
    return undefined;
  }
  return bytes;
}

function randomInt(min, max, callback) {
  if (max === undefined || typeof max === "function") {
    callback = max;
    max = min;
    min = 0;
  }
  const range = max - min;
  if (!(range > 0) || range > 2 ** 48) {
    throw new RangeError(`The value of "max" is out of range: ${max}`);
  }
  const words = webcrypto().getRandomValues(new Uint32Array(2));
  const random = (words[0] * 2 ** 16 + (words[1] >>> 16)) / 2 ** 48;
  const value = min + MathFloor(random * range);
  if (typeof callback === "function") {
    queueMicrotask(() => callback(null, value));
    return undefined;
  }
  return value;
}

function timingSafeEqual(a, b) {
  const x = toBytes(a, undefined, "buf1");
  const y = toBytes(b, undefined, "buf2");
  if (x.byteLength !== y.byteLength) {
    const error = new RangeError("Input buffers must have the same byte length");
    error.code = "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH";
    throw error;
  }
  let diff = 0;
  for (let i = 0; i < x.byteLength; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

return {
  createHash: (algorithm) => new Hash(algorithm),
  createHmac: (algorithm, key) => new Hmac(algorithm, key),
  Hash,
  Hmac,
  getHashes: () => ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"],
  randomBytes,
  randomInt,
  randomUUID: () => webcrypto().randomUUID(),
  getRandomValues: (array) => webcrypto().getRandomValues(array),
  timingSafeEqual,
  get webcrypto() {
    return webcrypto();
  },
  get subtle() {
    return webcrypto().subtle;
  },
};
})();
