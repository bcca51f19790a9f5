// Cookie parsing and Set-Cookie serialisation with the semantics of
// Next.js's RequestCookies / ResponseCookies (next/server).
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayFrom,
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  Date,
  DatePrototypeToUTCString,
  MapPrototypeDelete,
  MapPrototypeGet,
  MapPrototypeHas,
  MapPrototypeSet,
  MapPrototypeValues,
  Number,
  SafeMap,
  StringPrototypeIndexOf,
  StringPrototypeReplace,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeToLowerCase,
  SymbolFor,
  SymbolIterator,
  TypeError,
  decodeURIComponent,
  encodeURIComponent,
} = primordials;

const { Headers } = core.loadExtScript("ext:deno_fetch/20_headers.js");

const inspect = SymbolFor("Deno.customInspect");
const nodeInspect = SymbolFor("nodejs.util.inspect.custom");

/**
 * `name=value; name2=value2` -> Map(name -> decoded value). Pairs split on
 * `;` followed by optional spaces; a pair without `=` means "true"; a value
 * that does not URI-decode is dropped; the last duplicate wins.
 */
function parseCookie(header) {
  const map = new SafeMap();
  const pairs = StringPrototypeSplit(header, /; */);
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!pair) continue;
    const at = StringPrototypeIndexOf(pair, "=");
    if (at === -1) {
      MapPrototypeSet(map, pair, "true");
      continue;
    }
    const key = StringPrototypeSlice(pair, 0, at);
    const value = StringPrototypeSlice(pair, at + 1);
    try {
      MapPrototypeSet(map, key, decodeURIComponent(value));
    } catch {
      // An undecodable value is ignored, as Next.js does.
    }
  }
  return map;
}

const SAME_SITE = ["strict", "lax", "none"];
const PRIORITY = ["low", "medium", "high"];

function parseSameSite(value) {
  const lower = StringPrototypeToLowerCase(value);
  for (let i = 0; i < SAME_SITE.length; i++) {
    if (SAME_SITE[i] === lower) return lower;
  }
  return undefined;
}

function parsePriority(value) {
  const lower = StringPrototypeToLowerCase(value);
  for (let i = 0; i < PRIORITY.length; i++) {
    if (PRIORITY[i] === lower) return lower;
  }
  return undefined;
}

/** One `Set-Cookie` line -> a cookie object (undefined when empty). */
function parseSetCookie(line, strict = false) {
  if (!line) return undefined;
  const parts = ArrayFrom(parseCookieEntries(line));
  if (parts.length === 0) return undefined;
  const { 0: name, 1: value } = parts[0];
  const attributes = { __proto__: null };
  for (let i = 1; i < parts.length; i++) {
    const key = StringPrototypeReplace(
      StringPrototypeToLowerCase(parts[i][0]),
      /-/g,
      "",
    );
    attributes[key] = parts[i][1];
  }
  let decoded;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    if (!strict) return { name, value };
    // Next.js drops the undecodable pair and then fails to destructure it.
    throw new TypeError(
      "undefined is not iterable (cannot read property Symbol(Symbol.iterator))",
    );
  }
  const cookie = {
    // Next.js loses an empty name when it re-serialises ("undefined=v").
    name: strict && name === "" ? undefined : name,
    value: decoded,
  };
  if (attributes.domain) cookie.domain = attributes.domain;
  if (attributes.expires) cookie.expires = new Date(attributes.expires);
  if (attributes.httponly) cookie.httpOnly = true;
  if (typeof attributes.maxage === "string") {
    cookie.maxAge = Number(attributes.maxage);
  }
  if (attributes.path) cookie.path = attributes.path;
  if (attributes.samesite) {
    const sameSite = parseSameSite(attributes.samesite);
    if (sameSite) cookie.sameSite = sameSite;
  }
  if (attributes.secure) cookie.secure = true;
  if (attributes.priority) {
    const priority = parsePriority(attributes.priority);
    if (priority) cookie.priority = priority;
  }
  if (attributes.partitioned) cookie.partitioned = true;
  return cookie;
}

/** Like parseCookie but keeps raw values and order, for Set-Cookie. */
function parseCookieEntries(line) {
  const out = [];
  const pairs = StringPrototypeSplit(line, /; */);
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!pair) continue;
    const at = StringPrototypeIndexOf(pair, "=");
    if (at === -1) {
      ArrayPrototypePush(out, [pair, "true"]);
    } else {
      ArrayPrototypePush(out, [
        StringPrototypeSlice(pair, 0, at),
        StringPrototypeSlice(pair, at + 1),
      ]);
    }
  }
  return out;
}

/** A cookie object -> one `Set-Cookie` line, attributes in Next's order. */
function stringifyCookie(cookie) {
  const attrs = [];
  if (cookie.path) ArrayPrototypePush(attrs, `Path=${cookie.path}`);
  if (cookie.expires || cookie.expires === 0) {
    const date = typeof cookie.expires === "number"
      ? new Date(cookie.expires)
      : cookie.expires;
    ArrayPrototypePush(attrs, `Expires=${DatePrototypeToUTCString(date)}`);
  }
  if (typeof cookie.maxAge === "number") {
    ArrayPrototypePush(attrs, `Max-Age=${cookie.maxAge}`);
  }
  if (cookie.domain) ArrayPrototypePush(attrs, `Domain=${cookie.domain}`);
  if (cookie.secure) ArrayPrototypePush(attrs, "Secure");
  if (cookie.httpOnly) ArrayPrototypePush(attrs, "HttpOnly");
  if (cookie.sameSite) ArrayPrototypePush(attrs, `SameSite=${cookie.sameSite}`);
  if (cookie.partitioned) ArrayPrototypePush(attrs, "Partitioned");
  if (cookie.priority) ArrayPrototypePush(attrs, `Priority=${cookie.priority}`);
  const pair = `${cookie.name}=${encodeURIComponent(cookie.value ?? "")}`;
  return attrs.length === 0 ? pair : `${pair}; ${ArrayPrototypeJoin(attrs, "; ")}`;
}

/** Fills in what ResponseCookies.set adds: Expires from maxAge, Path "/". */
function normalizeCookie(cookie) {
  const out = { ...cookie };
  if (typeof out.expires === "number") out.expires = new Date(out.expires);
  // The global Date.now, as Next.js reads it (tests may freeze it).
  if (out.maxAge) out.expires = new Date(globalThis.Date.now() + out.maxAge * 1000);
  if (out.path === null || out.path === undefined) out.path = "/";
  return out;
}

function cookieArgs(args) {
  if (typeof args[0] === "string") {
    return { name: args[0], value: args[1], ...args[2] };
  }
  return { ...args[0] };
}

function nameOf(args) {
  return typeof args[0] === "string" ? args[0] : args[0]?.name;
}

/** Every cookie of `map`, or those named like `args[0]`. */
function cookiesNamed(map, args) {
  const all = ArrayFrom(MapPrototypeValues(map));
  if (args.length === 0) return all;
  const name = nameOf(args);
  return ArrayPrototypeFilter(all, (c) => c.name === name);
}

const PARSED = Symbol("parsed cookies");

/** What request and response cookies share: reads by name. */
class CookieJar {
  constructor() {
    this[PARSED] = new SafeMap();
  }

  get(...args) {
    return MapPrototypeGet(this[PARSED], nameOf(args));
  }

  getAll(...args) {
    return cookiesNamed(this[PARSED], args);
  }

  has(name) {
    return MapPrototypeHas(this[PARSED], name);
  }
}

/** The cookies of a request (`request.cookies`). */
class RequestCookies extends CookieJar {
  #headers;

  constructor(requestHeaders) {
    super();
    this.#headers = requestHeaders;
    const header = requestHeaders.get("cookie");
    if (header) {
      const map = parseCookie(header);
      for (const { 0: name, 1: value } of map) {
        MapPrototypeSet(this[PARSED], name, { name, value });
      }
    }
  }

  [SymbolIterator]() {
    return MapPrototypeValues(this[PARSED])[SymbolIterator]();
  }

  get size() {
    return this[PARSED].size;
  }

  set(...args) {
    const { name, value } = cookieArgs(args);
    MapPrototypeSet(this[PARSED], name, { name, value });
    this.#sync();
    return this;
  }

  delete(names) {
    const result = ArrayIsArray(names)
      ? ArrayPrototypeMap(names, (n) => MapPrototypeDelete(this[PARSED], n))
      : MapPrototypeDelete(this[PARSED], names);
    this.#sync();
    return result;
  }

  clear() {
    this.delete(ArrayFrom(this[PARSED].keys()));
    return this;
  }

  #sync() {
    this.#headers.set("cookie", this.toString());
  }

  toString() {
    return ArrayPrototypeJoin(
      ArrayPrototypeMap(
        ArrayFrom(MapPrototypeValues(this[PARSED])),
        (c) => `${c.name}=${encodeURIComponent(c.value ?? "")}`,
      ),
      "; ",
    );
  }

  [inspect]() {
    return `RequestCookies ${primordials.JSONStringify(Object.fromEntries(this[PARSED]))}`;
  }

  [nodeInspect]() {
    return this[inspect]();
  }
}

/**
 * A ResponseCookies that keeps no Set-Cookie headers (for jars whose
 * headers nobody reads), holding the cookies of the request `cookie`
 * header `cookieHeader` (may be null) as `set(name, value)` stores each.
 * Built in one pass; its set() and delete() serialise only the cookie they
 * change instead of rewriting every line, and throw where such a rewrite
 * would.
 */
let detachedCookies;

/** The cookies a response sets (`response.cookies`). */
class ResponseCookies extends CookieJar {
  #headers;
  /** Whether #sync writes only the changed cookie (detachedCookies). */
  #detached = false;

  static {
    detachedCookies = (cookieHeader) => {
      const jar = new ResponseCookies(new Headers());
      jar.#detached = true;
      if (cookieHeader) {
        for (const { 0: name, 1: value } of parseCookie(cookieHeader)) {
          MapPrototypeSet(jar[PARSED], name, normalizeCookie({ name, value }));
        }
      }
      return jar;
    };
  }

  constructor(responseHeaders) {
    super();
    this.#headers = responseHeaders;
    const lines = responseHeaders.getSetCookie();
    for (let i = 0; i < lines.length; i++) {
      const cookie = parseSetCookie(lines[i], true);
      if (cookie) MapPrototypeSet(this[PARSED], cookie.name, cookie);
    }
  }

  set(...args) {
    const cookie = normalizeCookie(cookieArgs(args));
    MapPrototypeSet(this[PARSED], cookie.name, cookie);
    this.#sync(cookie);
    return this;
  }

  delete(...args) {
    const options = typeof args[0] === "string"
      ? { name: args[0] }
      : args[0];
    const { name, ...rest } = options;
    return this.set({ name, value: "", ...rest, expires: new Date(0) });
  }

  #sync(changed) {
    if (this.#detached) {
      try {
        this.#headers.set("set-cookie", stringifyCookie(changed));
        return;
      } catch (error) {
        // The jar now holds a cookie that is no Set-Cookie line: from here
        // on it rewrites every line, so later changes fail as they would
        // in a jar with headers.
        this.#detached = false;
        throw error;
      }
    }
    this.#headers.delete("set-cookie");
    for (const cookie of MapPrototypeValues(this[PARSED])) {
      this.#headers.append("set-cookie", stringifyCookie(cookie));
    }
  }

  toString() {
    return ArrayPrototypeJoin(
      ArrayPrototypeMap(
        ArrayFrom(MapPrototypeValues(this[PARSED])),
        stringifyCookie,
      ),
      "; ",
    );
  }

  [inspect]() {
    return `ResponseCookies ${primordials.JSONStringify(Object.fromEntries(this[PARSED]))}`;
  }

  [nodeInspect]() {
    return this[inspect]();
  }
}

return {
  RequestCookies,
  ResponseCookies,
  detachedCookies,
  normalizeCookie,
  parseCookie,
  parseSetCookie,
  stringifyCookie,
};
})();
