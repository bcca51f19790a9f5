// Runs one route handler call the way Next.js's app-route module does:
// NextRequest, a request store for next/headers, navigation errors turned
// into answers, cookies() changes merged into the Response.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  Error,
  FunctionPrototypeBind,
  ObjectPrototypeIsPrototypeOf,
  Proxy,
  ReflectGet,
  SafeSet,
  PromisePrototypeCatch,
  PromiseResolve,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
  TypeError,
} = primordials;
const { op_next_preview_mode_id } = core.ops;
const { invalidateTags } = core.loadExtScript(
  "ext:edgeroute_next/09_cache_handler.js",
);
const { setTimeout } = core.loadExtScript("ext:deno_web/02_timers.js");
const { reportError } = core.loadExtScript("ext:deno_web/02_event.js");
const { Headers } = core.loadExtScript("ext:deno_fetch/20_headers.js");
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");
const ResponsePrototype = Response.prototype;
const { NextResponse } = core.loadExtScript(
  "ext:edgeroute_next/04_next_response.js",
);
const { NextFetchEvent } = core.loadExtScript(
  "ext:edgeroute_next/07_fetch_event.js",
);
const { detachedCookies, parseSetCookie, stringifyCookie } =
  core.loadExtScript("ext:edgeroute_next/01_cookies.js");
const { toNextRequest } = core.loadExtScript(
  "ext:edgeroute_next/03_next_request.js",
);
const { runWithStore } = core.loadExtScript(
  "ext:edgeroute_next/00_async_store.js",
);
const { dynamicUsage, implicitTags } = core.loadExtScript(
  "ext:edgeroute_next/08_data_cache.js",
);
const { MutableCookies, sealHeaders } = core.loadExtScript(
  "ext:edgeroute_next/06_mutable_cookies.js",
);

const REDIRECT = "NEXT_REDIRECT";
const HTTP_FALLBACK = "NEXT_HTTP_ERROR_FALLBACK";

function digestOf(error) {
  if (error === null || typeof error !== "object") return undefined;
  const digest = error.digest;
  return typeof digest === "string" ? digest : undefined;
}

function isFormPost(request) {
  if (request.method !== "POST") return false;
  const type = request.headers.get("content-type") ?? "";
  return StringPrototypeStartsWith(type, "application/x-www-form-urlencoded") ||
    StringPrototypeStartsWith(type, "multipart/form-data");
}

/**
 * What next/headers and next/navigation read during one handler call. As
 * in Next.js's request store, `headers()` and `cookies()` are built from
 * the request the first time they are asked for: a handler that uses
 * neither pays for neither.
 */
class RequestStore {
  #headers = undefined;
  #cookies = undefined;
  #formPost = undefined;
  #previewModeId = undefined;

  constructor(request) {
    this.request = request;
    this.draftMode = undefined;
    this.clearPreviewCookies = false;
    this.after = undefined;
  }

  get headers() {
    if (this.tracksDynamic) throw dynamicUsage(this, "headers");
    return this.#headers ??= sealHeaders(new Headers(this.request.headers));
  }

  get cookies() {
    if (this.tracksDynamic) throw dynamicUsage(this, "cookies");
    return this.#cookies ??= new MutableCookies(
      this.request.headers.get("cookie"),
    );
  }

  /** The cookies changed through cookies(); none if it was never used. */
  changedCookies() {
    return this.#cookies === undefined ? [] : this.#cookies.changes();
  }

  /** A POST of an HTML form (answered 303 on redirect). */
  get formPost() {
    return this.#formPost ??= isFormPost(this.request);
  }

  get previewModeId() {
    return this.#previewModeId ??= op_next_preview_mode_id();
  }
}

/**
 * Adds cookies() changes to a Response as Next.js does: the Response's own
 * Set-Cookie lines first (re-serialised, so `own=1` gains `Path=/`), then
 * the changed cookies it does not set itself.
 */
function mergeCookies(response, store) {
  const changed = store.changedCookies();
  if (changed.length === 0) return response;
  const merged = detachedCookies(null);
  const own = response.headers.getSetCookie();
  for (let i = 0; i < own.length; i++) {
    const cookie = parseSetCookie(own[i], true);
    if (cookie) merged.set(cookie);
  }
  for (let i = 0; i < changed.length; i++) {
    if (!merged.has(changed[i].name)) merged.set(changed[i]);
  }
  return withHeaders(response, (headers) => {
    headers.delete("set-cookie");
    const all = merged.getAll();
    for (let i = 0; i < all.length; i++) {
      headers.append("set-cookie", stringifyCookie(all[i]));
    }
  });
}

/**
 * The same Response with edited headers (a handler's Response may have
 * immutable headers, e.g. from Response.redirect()).
 */
function withHeaders(response, edit) {
  const headers = new Headers(response.headers);
  edit(headers);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** The answer Next.js gives for a navigation error, or undefined. */
function navigationAnswer(error, store) {
  const digest = digestOf(error);
  if (digest === undefined) return undefined;
  const parts = StringPrototypeSplit(digest, ";");
  if (parts[0] === REDIRECT && parts.length >= 4) {
    const url = parts.slice(2, -2).join(";");
    let status = +parts[parts.length - 2];
    // A form POST is answered with 303, so the browser follows with GET.
    if (store.formPost) status = 303;
    const headers = new Headers({ location: url });
    return mergeCookies(new Response(null, { status, headers }), store);
  }
  if (parts[0] === HTTP_FALLBACK && parts[1] === "404") {
    // cookies() changes are dropped, as Next.js drops them.
    return new Response(null, { status: 404 });
  }
  return undefined;
}

/**
 * The handler caller of next/* (setHandlerCaller in ext/http), given the
 * http layer's `expectResponse`, which it calls once per call.
 */
function handlerCaller(expectResponse) {
  /**
   * Calls `handler(request, context)` for one request and returns the
   * Response to send (throws what the handler threw otherwise).
   */
  return async function callHandler(handler, request, context, proxy, prerender, module) {
    if (proxy !== undefined) return callProxy(handler, request, proxy);
    if (prerender?.staticParams) return staticParams(handler);
    const nextRequest = toNextRequest(request);
    const store = new RequestStore(nextRequest);
    store.fetchCache = module?.fetchCache;
    // A GET prerendered as `next build` does: what makes a `revalidate = N`
    // route dynamic (15_fetch.js) sets `store.dynamic`, what lowers its
    // revalidate sets `store.revalidate`, and the answer says so.
    let seen = nextRequest;
    if (prerender !== undefined) {
      store.prerendering = true;
      store.mayTurnDynamic = prerender.dynamic !== null;
      store.dynamicShouldError = prerender.strict;
      // Reading the request now makes the route dynamic (or, under
      // `dynamic = 'error'`, fails the render): dynamicUsage() decides.
      store.tracksDynamic = store.mayTurnDynamic || store.dynamicShouldError;
      if (store.tracksDynamic) seen = trackedRequest(nextRequest, store);
    }
    let response;
    try {
      response = await runWithStore(store, () => handler(seen, context));
    } catch (error) {
      if (store.dynamic && store.mayTurnDynamic) {
        // The render stopped where the route turned dynamic: nothing of
        // it is kept, the request runs the handler again as a dynamic one.
        return new Response(null, { headers: [[prerender.dynamic, "1"]] });
      }
      const answer = navigationAnswer(error, store);
      if (answer !== undefined) return answer;
      throw error;
    }
    expectResponse(response);
    if (response.headers.has("x-middleware-rewrite")) {
      throw new Error(
        "NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.",
      );
    }
    if (response.headers.get("x-middleware-next") === "1") {
      throw new Error(
        "NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler",
      );
    }
    if (store.invalidations !== undefined) await applyInvalidations(store);
    let answer = mergeCookies(response, store);
    if (store.dynamic && store.mayTurnDynamic) {
      answer = withHeaders(answer, (headers) => headers.set(prerender.dynamic, "1"));
    }
    if (prerender !== undefined) {
      answer = withHeaders(answer, (headers) => {
        if (store.revalidate !== undefined) headers.set(prerender.revalidate, `${store.revalidate}`);
        headers.set(prerender.tags, encodeTags(store));
      });
    }
    if (store.clearPreviewCookies) answer = clearPreviewCookies(answer);
    if (store.after !== undefined) runAfter(store);
    return answer;
  };
}

// What of a request makes a GET being prerendered dynamic, as Next.js's
// app-route module tracks it.
const REQUEST_DATA = new SafeSet([
  "headers", "cookies", "url", "body", "blob", "json", "text", "arrayBuffer", "formData",
]);
const URL_DATA = new SafeSet(["search", "searchParams", "url", "href", "toJSON", "toString", "origin"]);

/** Reads `prop` of `target`, methods bound to it (they check their receiver). */
function read(target, prop) {
  const value = ReflectGet(target, prop, target);
  return typeof value === "function" ? FunctionPrototypeBind(value, target) : value;
}

/**
 * The request a GET that may turn dynamic sees while prerendered: reading
 * its data (headers, cookies, the URL's query, the body) makes the route
 * dynamic and stops the render.
 */
function trackedRequest(request, store) {
  let nextUrl;
  return new Proxy(request, {
    get(target, prop) {
      if (prop === "nextUrl") {
        return nextUrl ??= new Proxy(target.nextUrl, {
          get(url, key) {
            if (URL_DATA.has(key)) throw dynamicUsage(store, `nextUrl.${key}`);
            return read(url, key);
          },
        });
      }
      if (REQUEST_DATA.has(prop)) throw dynamicUsage(store, `request.${prop}`);
      return read(target, prop);
    },
  });
}

/**
 * The tags a prerendered answer carries: the request's implicit ones and
 * those of what it read from the cache, each URI-encoded, comma-separated.
 */
function encodeTags(store) {
  const tags = ArrayPrototypeMap(implicitTags(store), encodeURIComponent);
  store.readTags?.forEach((tag) => ArrayPrototypePush(tags, encodeURIComponent(tag)));
  return ArrayPrototypeJoin(tags, ",");
}

/**
 * `generateStaticParams()` as `next build` calls it for a dynamic route's
 * prerendered GET: its list as JSON, `null` when the module has none.
 */
async function staticParams(generate) {
  if (typeof generate !== "function") return Response.json(null);
  return Response.json((await generate({ params: {} })) ?? []);
}

/**
 * Calls the app's proxy as Next.js's adapter does: `(request, event)`,
 * with next/headers in scope; no answer means `NextResponse.next()`, and
 * cookies set through `cookies()` join the answer's Set-Cookie. The server
 * reads the answer's `x-middleware-*` headers (runtime/src/http/proxy.rs).
 */
async function callProxy(handler, request, nextConfig) {
  const nextRequest = toNextRequest(request, nextConfig);
  const event = new NextFetchEvent(nextRequest);
  const store = new RequestStore(nextRequest);
  // The proxy's fetches are never cached (15_fetch.js).
  store.proxy = true;
  const response = await runWithStore(store, () => handler(nextRequest, event));
  if (response !== undefined && response !== null &&
    !ObjectPrototypeIsPrototypeOf(ResponsePrototype, response)) {
    throw new TypeError("Expected an instance of Response to be returned");
  }
  return mergeCookies(response ?? NextResponse.next(), store);
}

/** The two Set-Cookie lines Next.js sends to drop stale preview data. */
const CLEAR_PREVIEW = [
  "__prerender_bypass=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None",
  "__next_preview_data=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None",
];

function clearPreviewCookies(response) {
  return withHeaders(response, (headers) => {
    for (let i = 0; i < CLEAR_PREVIEW.length; i++) {
      headers.append("set-cookie", CLEAR_PREVIEW[i]);
    }
  });
}

/**
 * The tag invalidations the handler made (revalidateTag, revalidatePath:
 * 13_cache.js decides which and how), applied once it is done and before
 * its answer goes out, so the next request sees them.
 */
async function applyInvalidations(store) {
  const pending = store.invalidations;
  store.invalidations = undefined;
  for (let i = 0; i < pending.length; i++) {
    await invalidateTags(pending[i].tags, pending[i].expire);
  }
}

/** Runs `after()` tasks once the answer is on its way. */
function runAfter(store) {
  const tasks = store.after;
  setTimeout(() => {
    runWithStore(store, () => {
      for (let i = 0; i < tasks.length; i++) {
        try {
          const task = tasks[i];
          const result = typeof task === "function" ? task() : task;
          PromisePrototypeCatch(PromiseResolve(result), reportError);
        } catch (error) {
          reportError(error);
        }
      }
    });
  }, 0);
}

return { handlerCaller };
})();
