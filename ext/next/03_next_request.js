// NextRequest: the `request` every route handler receives. It is a Web
// `Request` (instanceof stays true) with `cookies` and `nextUrl`.
(function () {
const { core, primordials } = __bootstrap;
const { Error, ObjectSetPrototypeOf, SymbolFor } = primordials;
const { Request } = core.loadExtScript("ext:deno_fetch/23_request.js");
const { RequestCookies } = core.loadExtScript("ext:edgeroute_next/01_cookies.js");
const { NextURL } = core.loadExtScript("ext:edgeroute_next/02_next_url.js");

const INTERNALS = SymbolFor("internal request");

function internals(request) {
  let state = request[INTERNALS];
  if (state === undefined) {
    state = { cookies: undefined, nextUrl: undefined, nextConfig: undefined };
    request[INTERNALS] = state;
  }
  return state;
}

class NextRequest extends Request {
  constructor(input, init = {}) {
    super(input, init);
    internals(this).nextConfig = init?.nextConfig;
  }

  get cookies() {
    const state = internals(this);
    state.cookies ??= new RequestCookies(this.headers);
    return state.cookies;
  }

  get nextUrl() {
    const state = internals(this);
    state.nextUrl ??= new NextURL(this.url, undefined, {
      nextConfig: state.nextConfig,
    });
    return state.nextUrl;
  }

  /** Removed in Next.js 15; kept as errors with Next's wording. */
  get page() {
    throw new Error("`page` has been deprecated in favour of `URLPattern`.");
  }

  get ua() {
    throw new Error("`ua` has been removed in favour of `userAgent` function.");
  }

  get url() {
    return super.url;
  }
}

/**
 * Turns a Request built by the server into a NextRequest, in place;
 * `nextConfig` (`{ basePath, trailingSlash }`) is given for the proxy.
 */
function toNextRequest(request, nextConfig) {
  ObjectSetPrototypeOf(request, NextRequest.prototype);
  if (nextConfig !== undefined) internals(request).nextConfig = nextConfig;
  return request;
}

return { NextRequest, toNextRequest };
})();
