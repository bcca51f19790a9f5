// node:assert: assert/ok, (not)equal, (not)strictEqual, (not)deepEqual,
// (not)deepStrictEqual, throws, rejects, doesNotThrow, match, fail and
// AssertionError. `require('assert')` is the `assert` function with these
// as properties, as in Node.
(function () {
const { primordials } = __bootstrap;
const {
  ArrayIsArray,
  ArrayBufferIsView,
  Error,
  NumberIsNaN,
  ObjectGetPrototypeOf,
  ObjectIs,
  ObjectKeys,
  ObjectPrototypeToString,
  RegExpPrototypeTest,
} = primordials;

class AssertionError extends Error {
  constructor(options) {
    const { message, actual, expected, operator } = options ?? {};
    super(message ?? `${String(actual)} ${operator} ${String(expected)}`);
    this.name = "AssertionError";
    this.code = "ERR_ASSERTION";
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = message === undefined;
  }
}

function deepEqual(a, b, strict, seen = new Map()) {
  if (strict ? ObjectIs(a, b) : a == b || (NumberIsNaN(a) && NumberIsNaN(b))) {
    return true;
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return false;
  }
  const tag = ObjectPrototypeToString(a);
  if (tag !== ObjectPrototypeToString(b)) return false;
  if (strict && ObjectGetPrototypeOf(a) !== ObjectGetPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (tag === "[object Date]") return a.getTime() === b.getTime();
  if (tag === "[object RegExp]") return String(a) === String(b);
  if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) {
    return false;
  }
  if (ArrayBufferIsView(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (tag === "[object Map]") {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) {
      if (!b.has(key) || !deepEqual(value, b.get(key), strict, seen)) return false;
    }
    return true;
  }
  if (tag === "[object Set]") {
    if (a.size !== b.size) return false;
    for (const value of a) if (!b.has(value)) return false;
    return true;
  }
  if (ArrayIsArray(a) && a.length !== b.length) return false;
  const keysA = ObjectKeys(a);
  const keysB = ObjectKeys(b);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key], strict, seen)) {
      return false;
    }
  }
  return true;
}

function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, true);
}

function fail(message, actual, expected, operator) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, actual, expected, operator });
}

function ok(value, message) {
  if (!value) {
    fail(message ?? "The expression evaluated to a falsy value", value, true, "==");
  }
}

function assert(value, message) {
  ok(value, message);
}

function matchesError(error, expected) {
  if (expected === undefined) return true;
  if (typeof expected === "function") {
    if (expected.prototype !== undefined && error instanceof expected) return true;
    if (Error.isPrototypeOf(expected)) return false;
    return expected(error) === true;
  }
  if (ObjectPrototypeToString(expected) === "[object RegExp]") {
    return RegExpPrototypeTest(expected, String(error?.message ?? error));
  }
  for (const key of ObjectKeys(expected)) {
    const want = expected[key];
    const got = error?.[key];
    if (ObjectPrototypeToString(want) === "[object RegExp]" && typeof got === "string") {
      if (!RegExpPrototypeTest(want, got)) return false;
    } else if (!deepEqual(got, want, true)) {
      return false;
    }
  }
  return true;
}

const NO_THROW = Symbol("no throw");

function throws(fn, expected, message) {
  if (typeof expected === "string") [message, expected] = [expected, undefined];
  let error = NO_THROW;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (error === NO_THROW) fail(message ?? "Missing expected exception.", undefined, expected, "throws");
  if (!matchesError(error, expected)) throw error;
}

async function rejects(promiseOrFn, expected, message) {
  if (typeof expected === "string") [message, expected] = [expected, undefined];
  let error = NO_THROW;
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    error = e;
  }
  if (error === NO_THROW) fail(message ?? "Missing expected rejection.", undefined, expected, "rejects");
  if (!matchesError(error, expected)) throw error;
}

function doesNotThrow(fn, _expected, message) {
  try {
    fn();
  } catch (e) {
    fail(message ?? `Got unwanted exception: ${e?.message ?? e}`, e, undefined, "doesNotThrow");
  }
}

async function doesNotReject(promiseOrFn, _expected, message) {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    fail(message ?? `Got unwanted rejection: ${e?.message ?? e}`, e, undefined, "doesNotReject");
  }
}

const compare = (test, operator, defaultMessage) => (actual, expected, message) => {
  if (!test(actual, expected)) {
    fail(message ?? defaultMessage(actual, expected), actual, expected, operator);
  }
};
const show = (v) => (typeof v === "string" ? JSON.stringify(v) : String(v));

assert.ok = ok;
assert.fail = (message = "Failed") => fail(message, undefined, undefined, "fail");
assert.equal = compare((a, b) => a == b || (NumberIsNaN(a) && NumberIsNaN(b)), "==",
  (a, b) => `${show(a)} == ${show(b)}`);
assert.notEqual = compare((a, b) => a != b, "!=", (a, b) => `${show(a)} != ${show(b)}`);
assert.strictEqual = compare(ObjectIs, "strictEqual",
  (a, b) => `Expected values to be strictly equal:\n\n${show(a)} !== ${show(b)}\n`);
assert.notStrictEqual = compare((a, b) => !ObjectIs(a, b), "notStrictEqual",
  (a) => `Expected "actual" to be strictly unequal to: ${show(a)}`);
assert.deepEqual = compare((a, b) => deepEqual(a, b, false), "deepEqual",
  () => "Expected values to be loosely deep-equal");
assert.notDeepEqual = compare((a, b) => !deepEqual(a, b, false), "notDeepEqual",
  () => "Expected values not to be loosely deep-equal");
assert.deepStrictEqual = compare((a, b) => deepEqual(a, b, true), "deepStrictEqual",
  () => "Expected values to be strictly deep-equal");
assert.notDeepStrictEqual = compare((a, b) => !deepEqual(a, b, true), "notDeepStrictEqual",
  () => "Expected values not to be strictly deep-equal");
assert.match = (string, regexp, message) => {
  if (!RegExpPrototypeTest(regexp, string)) {
    fail(message ?? `The input did not match the regular expression ${regexp}`, string, regexp, "match");
  }
};
assert.doesNotMatch = (string, regexp, message) => {
  if (RegExpPrototypeTest(regexp, string)) {
    fail(message ?? `The input was expected to not match ${regexp}`, string, regexp, "doesNotMatch");
  }
};
assert.throws = throws;
assert.rejects = rejects;
assert.doesNotThrow = doesNotThrow;
assert.doesNotReject = doesNotReject;
assert.ifError = (value) => {
  if (value !== null && value !== undefined) throw value;
};
assert.AssertionError = AssertionError;
assert.strict = assert;
assert.isDeepStrictEqual = isDeepStrictEqual;

return assert;
})();
