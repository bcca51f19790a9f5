// What next/headers hands out: read-only request headers and the mutable
// cookie store of a route handler.
(function () {
const { core, primordials } = __bootstrap;
const { Error, MapPrototypeHas, MapPrototypeSet, SafeMap } = primordials;
const { detachedCookies } = core.loadExtScript(
  "ext:edgeroute_next/01_cookies.js",
);

class ReadonlyHeadersError extends Error {
  constructor() {
    super(
      "Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers",
    );
  }
}

/** A Headers whose mutators throw Next's ReadonlyHeadersError. */
function sealHeaders(headers) {
  const fail = () => {
    throw new ReadonlyHeadersError();
  };
  headers.append = fail;
  headers.delete = fail;
  headers.set = fail;
  return headers;
}

/**
 * `await cookies()` in a route handler: reads start from the request's
 * cookies; set/delete change what later reads see and become Set-Cookie
 * headers on the answer.
 */
class MutableCookies {
  #all;
  #changed;

  /** `cookieHeader`: the request's `cookie` header (may be null). */
  constructor(cookieHeader) {
    this.#all = detachedCookies(cookieHeader);
    this.#changed = new SafeMap();
  }

  get(...args) {
    return this.#all.get(...args);
  }

  getAll(...args) {
    return this.#all.getAll(...args);
  }

  has(name) {
    return this.#all.has(name);
  }

  set(...args) {
    this.#all.set(...args);
    const name = typeof args[0] === "string" ? args[0] : args[0].name;
    MapPrototypeSet(this.#changed, name, this.#all.get(name));
    return this;
  }

  delete(...args) {
    this.#all.delete(...args);
    const name = typeof args[0] === "string" ? args[0] : args[0].name;
    MapPrototypeSet(this.#changed, name, this.#all.get(name));
    return this;
  }

  toString() {
    return this.#all.toString();
  }

  [Symbol.iterator]() {
    return this.#all.getAll()[Symbol.iterator]();
  }

  /** The cookies changed during this request, in the store's order. */
  changes() {
    const changed = this.#changed;
    return this.#all.getAll().filter((c) => MapPrototypeHas(changed, c.name));
  }
}

return { MutableCookies, ReadonlyHeadersError, sealHeaders };
})();
