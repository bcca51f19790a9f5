// `next/server`, as route handlers import it.
(function () {
const { core, primordials } = __bootstrap;
const { ArrayPrototypePush, Error, PromiseResolve } = primordials;
const { NextRequest } = core.loadExtScript("ext:edgeroute_next/03_next_request.js");
const { NextResponse } = core.loadExtScript("ext:edgeroute_next/04_next_response.js");
const { URLPattern } = core.loadExtScript("ext:deno_web/01_urlpattern.js");
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");
const { NextFetchEvent } = core.loadExtScript("ext:edgeroute_next/07_fetch_event.js");
const { dynamicUsage } = core.loadExtScript("ext:edgeroute_next/08_data_cache.js");

/**
 * Runs `task` (a function or a promise) after the answer has been handed
 * to the server, as Next.js's `after()` does.
 */
function after(task) {
  const store = currentStore();
  if (store === undefined) {
    throw new Error(
      "`after` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context",
    );
  }
  ArrayPrototypePush(store.after ??= [], task);
}

/**
 * Marks the rest of the handler as request-time work: while a GET that
 * may turn dynamic is prerendered, the route becomes dynamic; inside a
 * `'use cache'` function, an error (it may run without a request).
 */
function connection() {
  const store = currentStore();
  if (store?.inUseCache) {
    throw new Error(
      `Route "${store.route}": \`connection()\` can't be called inside \`"use cache"\` because cached functions may run during prerendering, without an incoming request. Call it outside the cached function.\nLearn more: https://nextjs.org/docs/messages/next-request-in-use-cache`,
    );
  }
  if (store?.tracksDynamic) throw dynamicUsage(store, "connection()");
  return PromiseResolve(undefined);
}

return { NextFetchEvent, NextRequest, NextResponse, URLPattern, after, connection };
})();
