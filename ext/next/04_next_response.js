// NextResponse: Response with `cookies`, and the json / redirect /
// rewrite / next helpers of next/server.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  Error,
  JSONStringify,
  ObjectPrototypeIsPrototypeOf,
  RangeError,
  ReflectApply,
  String,
  SymbolFor,
} = primordials;
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { Headers } = core.loadExtScript("ext:deno_fetch/20_headers.js");
const HeadersPrototype = Headers.prototype;
const { URL } = core.loadExtScript("ext:deno_web/00_url.js");
const { ResponseCookies, stringifyCookie } = core.loadExtScript(
  "ext:edgeroute_next/01_cookies.js",
);
const { NextURL } = core.loadExtScript("ext:edgeroute_next/02_next_url.js");

const INTERNALS = SymbolFor("internal response");
const REDIRECTS = [301, 302, 303, 307, 308];

function validateURL(url) {
  try {
    return String(new URL(String(url)));
  } catch (error) {
    throw new Error(
      `URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`,
      { cause: error },
    );
  }
}

/**
 * `{ request: { headers } }` of next()/rewrite(): the headers the route
 * will see instead of the request's, carried to the server as
 * `x-middleware-request-*` plus the list of names.
 */
function overrideRequestHeaders(init, headers) {
  const replaced = init?.request?.headers;
  if (replaced === undefined || replaced === null) return;
  if (!ObjectPrototypeIsPrototypeOf(HeadersPrototype, replaced)) {
    throw new Error("request.headers must be an instance of Headers");
  }
  const names = [];
  for (const { 0: name, 1: value } of replaced) {
    headers.set(`x-middleware-request-${name}`, value);
    ArrayPrototypePush(names, name);
  }
  headers.set("x-middleware-override-headers", ArrayPrototypeJoin(names, ","));
}

/**
 * The response's cookies; each set() or delete() also writes them all to
 * `x-middleware-set-cookie`, as Next.js's do: a proxy's cookies reach the
 * route's request through it (runtime/src/http/proxy.rs), and the server
 * drops it from every answer.
 */
function signalledCookies(headers) {
  const cookies = new ResponseCookies(headers);
  const signal = (result) => {
    headers.set(
      "x-middleware-set-cookie",
      ArrayPrototypeJoin(ArrayPrototypeMap(cookies.getAll(), stringifyCookie), ","),
    );
    return result;
  };
  const set = cookies.set;
  const remove = cookies.delete;
  cookies.set = (...args) => signal(ReflectApply(set, cookies, args));
  cookies.delete = (...args) => signal(ReflectApply(remove, cookies, args));
  return cookies;
}

class NextResponse extends Response {
  constructor(body, init = {}) {
    super(body, init);
    this[INTERNALS] = {
      cookies: signalledCookies(this.headers),
      url: init.url ? new NextURL(init.url) : undefined,
    };
  }

  get cookies() {
    return this[INTERNALS].cookies;
  }

  static json(body, init) {
    const headers = new Headers(init?.headers);
    if (!headers.has("content-type")) {
      headers.set("content-type", "application/json");
    }
    return new NextResponse(JSONStringify(body), { ...init, headers });
  }

  static redirect(url, init) {
    const status = typeof init === "number" ? init : (init?.status ?? 307);
    if (!REDIRECTS.includes(status)) {
      throw new RangeError(
        'Failed to execute "redirect" on "response": Invalid status code',
      );
    }
    const options = typeof init === "object" ? init : {};
    const headers = new Headers(options?.headers);
    headers.set("Location", validateURL(url));
    return new NextResponse(null, { ...options, headers, status });
  }

  static rewrite(destination, init) {
    const headers = new Headers(init?.headers);
    headers.set("x-middleware-rewrite", validateURL(destination));
    overrideRequestHeaders(init, headers);
    return new NextResponse(null, { ...init, headers });
  }

  static next(init) {
    const headers = new Headers(init?.headers);
    headers.set("x-middleware-next", "1");
    overrideRequestHeaders(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
}

return { NextResponse };
})();
