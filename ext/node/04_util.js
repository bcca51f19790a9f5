// node:util, the subset edge-compatible packages use: format, inspect,
// inherits, promisify, callbackify, deprecate, isDeepStrictEqual, types,
// TextEncoder/TextDecoder.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayIsArray,
  ArrayBufferIsView,
  Error,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectGetPrototypeOf,
  ObjectPrototypeToString,
  ObjectSetPrototypeOf,
  Promise,
  PromisePrototypeThen,
  SymbolFor,
  SymbolToStringTag,
  TypeError,
} = primordials;
const console = core.loadExtScript("ext:deno_web/01_console.js");
const { isDeepStrictEqual } = core.loadExtScript("ext:edgeroute_node/05_assert.js");

const kCustomPromisify = SymbolFor("nodejs.util.promisify.custom");

function format(...args) {
  return console.inspectArgs(args, { colors: false });
}

function formatWithOptions(options, ...args) {
  return console.inspectArgs(args, { ...options, colors: false });
}

function inspect(value, options) {
  return console.inspect(value, { colors: false, ...options });
}
inspect.custom = SymbolFor("nodejs.util.inspect.custom");

function inherits(ctor, superCtor) {
  if (typeof ctor !== "function" || typeof superCtor !== "function") {
    throw new TypeError("inherits: both arguments must be functions");
  }
  ObjectDefineProperty(ctor, "super_", {
    __proto__: null,
    value: superCtor,
    writable: true,
    configurable: true,
  });
  ObjectSetPrototypeOf(ctor.prototype, superCtor.prototype);
}

function promisify(original) {
  if (typeof original !== "function") {
    throw new TypeError('The "original" argument must be of type function');
  }
  if (original[kCustomPromisify]) {
    return original[kCustomPromisify];
  }
  function promisified(...args) {
    return new Promise((resolve, reject) => {
      FunctionPrototypeCall(original, this, ...args, (error, value) =>
        error ? reject(error) : resolve(value)
      );
    });
  }
  ObjectSetPrototypeOf(promisified, ObjectGetPrototypeOf(original));
  ObjectDefineProperty(promisified, kCustomPromisify, {
    __proto__: null,
    value: promisified,
    configurable: true,
  });
  return promisified;
}
promisify.custom = kCustomPromisify;

function callbackify(original) {
  if (typeof original !== "function") {
    throw new TypeError('The "original" argument must be of type function');
  }
  return function (...args) {
    const callback = args.pop();
    if (typeof callback !== "function") {
      throw new TypeError("The last argument must be of type function");
    }
    PromisePrototypeThen(
      FunctionPrototypeCall(original, this, ...args),
      (value) => queueMicrotask(() => callback(null, value)),
      (reason) => {
        const error = reason || new Error("Promise was rejected with a falsy value");
        if (!reason) error.reason = reason;
        queueMicrotask(() => callback(error));
      },
    );
  };
}

function deprecate(fn, message) {
  let warned = false;
  return function (...args) {
    if (!warned) {
      warned = true;
      globalThis.console.warn(`DeprecationWarning: ${message}`);
    }
    return new.target ? new fn(...args) : FunctionPrototypeCall(fn, this, ...args);
  };
}

function debuglog() {
  const log = () => {};
  log.enabled = false;
  return log;
}

const tag = (value) => ObjectPrototypeToString(value);
const types = {
  isPromise: (v) => v instanceof Promise,
  isDate: (v) => tag(v) === "[object Date]",
  isRegExp: (v) => tag(v) === "[object RegExp]",
  isMap: (v) => tag(v) === "[object Map]",
  isSet: (v) => tag(v) === "[object Set]",
  isWeakMap: (v) => tag(v) === "[object WeakMap]",
  isWeakSet: (v) => tag(v) === "[object WeakSet]",
  isNativeError: (v) => tag(v) === "[object Error]",
  isArrayBuffer: (v) => tag(v) === "[object ArrayBuffer]",
  isSharedArrayBuffer: (v) => tag(v) === "[object SharedArrayBuffer]",
  isAnyArrayBuffer: (v) =>
    tag(v) === "[object ArrayBuffer]" || tag(v) === "[object SharedArrayBuffer]",
  isArrayBufferView: (v) => ArrayBufferIsView(v),
  isTypedArray: (v) => ArrayBufferIsView(v) && tag(v) !== "[object DataView]",
  isUint8Array: (v) => ArrayBufferIsView(v) && v[SymbolToStringTag] === "Uint8Array",
  isDataView: (v) => tag(v) === "[object DataView]",
  isAsyncFunction: (v) => tag(v) === "[object AsyncFunction]" ||
    tag(v) === "[object AsyncGeneratorFunction]",
  isGeneratorFunction: (v) => tag(v) === "[object GeneratorFunction]" ||
    tag(v) === "[object AsyncGeneratorFunction]",
  isGeneratorObject: (v) => tag(v) === "[object Generator]",
  isBoxedPrimitive: (v) =>
    v !== null && typeof v === "object" &&
    ["[object Number]", "[object String]", "[object Boolean]", "[object BigInt]", "[object Symbol]"]
      .includes(tag(v)),
};

return {
  format,
  formatWithOptions,
  inspect,
  inherits,
  promisify,
  callbackify,
  deprecate,
  debuglog,
  debug: debuglog,
  isDeepStrictEqual,
  isArray: ArrayIsArray,
  types,
  stripVTControlCharacters: console.stripVTControlCharacters,
  TextEncoder: globalThis.TextEncoder,
  TextDecoder: globalThis.TextDecoder,
  _extend(target, source) {
    if (source !== null && typeof source === "object") {
      for (const key of Object.keys(source)) target[key] = source[key];
    }
    return target;
  },
};
})();
