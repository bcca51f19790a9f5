// Where fetch() and unstable_cache entries live: the app's data cache
// (cache.rs: memory, disk or Redis), or, when next.config names a
// `cacheHandler` and the route runs on Node.js, that module's handler, as
// `next start` runs it: `new Handler(context)`, then `get(key, ctx)`,
// `set(key, value, ctx)` and `revalidateTag(tags, durations)` with
// Next.js's keys (SHA-256 hex) and values (`{ kind: 'FETCH', data,
// revalidate }`). A call that throws or takes over 200 ms is a miss (a
// skipped write), logged once until the handler answers again: the cache
// never fails or stalls a request. Tag invalidations go to
// both, so stored answers of prerendered GETs see them too. next.config's
// `cacheHandlers` (a module per `'use cache'` kind) load here as well, for
// 16_use_cache.js; they are told of every invalidation (`updateTags`).
(function () {
const { core, primordials } = __bootstrap;
const {
  DateNow,
  JSONParse,
  JSONStringify,
  ObjectHasOwn,
  ObjectKeys,
  PromisePrototypeFinally,
  PromisePrototypeThen,
  PromiseRace,
  SafeMap,
} = primordials;
const {
  op_next_cache_get,
  op_next_cache_invalidate,
  op_next_cache_key,
  op_next_cache_set,
} = core.ops;
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");
const { clearTimeout, setTimeout } = core.loadExtScript("ext:deno_web/02_timers.js");
const { cacheConfig, missFromNowOn } = core.loadExtScript(
  "ext:edgeroute_next/08_data_cache.js",
);

let runtime = "nodejs";
/** The route's runtime (js/99_main.js): handlers run on Node.js only. */
function setRuntime(name) {
  runtime = name;
}

let handler;
/** The `cacheHandler` next.config names, made on first use; undefined without one. */
function customHandler() {
  const url = cacheConfig().cacheHandler;
  if (url === null || url === undefined || runtime !== "nodejs") return undefined;
  return handler ??= (async () => {
    const module = await import(url);
    const Handler = module.default ?? module.CacheHandler ?? module;
    return new Handler({
      dev: false,
      flushToDisk: false,
      serverDistDir: cacheConfig().serverDistDir,
      maxMemoryCacheSize: 0,
      revalidatedTags: [],
      fetchCacheKeyPrefix: "",
      _requestHeaders: {},
    });
  })();
}

const kindHandlers = new SafeMap();
/**
 * The `cacheHandlers` module for a `'use cache'` kind (an object with
 * `get`, `set`, `refreshTags`, `getExpiration`, `updateTags`), loaded on
 * first use; undefined when next.config names none for it.
 */
function kindHandler(kind) {
  const handlers = cacheConfig().cacheHandlers;
  if (!ObjectHasOwn(handlers, kind) || runtime !== "nodejs") return undefined;
  let loading = kindHandlers.get(kind);
  if (loading === undefined) {
    loading = (async () => {
      const module = await import(handlers[kind]);
      return module.default ?? module;
    })();
    kindHandlers.set(kind, loading);
  }
  return loading;
}

// Longest a handler call may take before it counts as a miss (a skipped
// write): a Redis that is down or stalled must not hold requests up.
const CALL_TIMEOUT_MS = 200;

/** `promise`, or a rejection once CALL_TIMEOUT_MS have passed. */
function bounded(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  return PromisePrototypeFinally(PromiseRace([promise, timeout]), () => clearTimeout(timer));
}

let failing = false;
/**
 * Runs `call` on the handler `made` gives (next.config's `cacheHandler`
 * unless told otherwise); a failure is logged once and answers `fallback`.
 */
async function guarded(what, call, fallback, made = customHandler()) {
  try {
    // Making the handler (importing it, connecting) is not bounded; each
    // call is.
    const h = await made;
    const result = await bounded(call(h), what);
    if (failing) {
      failing = false;
      globalThis.console.info("cacheHandler answers again");
    }
    return result;
  } catch (error) {
    if (!failing) {
      failing = true;
      globalThis.console.error(`cacheHandler ${what} failed, serving without it until it answers:`, error);
    }
    return fallback;
  }
}

/**
 * The entry under `key` (its text, and whether it is stale), or null.
 * `revalidate` is the reader's, in seconds; `soft` its implicit tags.
 */
async function cacheGet(key, soft, revalidate, tags) {
  if (customHandler() === undefined) return op_next_cache_get(key, soft);
  return guarded("get", async (h) => {
    const entry = await h.get(op_next_cache_key(key), {
      kind: "FETCH",
      revalidate,
      tags,
      softTags: soft,
      fetchCache: true,
    });
    const value = entry?.value;
    if (value === null || value === undefined || value.kind !== "FETCH") return null;
    const seconds = revalidate ?? value.revalidate;
    const stale = typeof seconds === "number" && seconds > 0 &&
      (DateNow() - entry.lastModified) / 1000 > seconds;
    return [JSONStringify(value), stale];
  }, null);
}

/** Stores `text` (a `{ kind: 'FETCH', ... }` value) under `key`. */
async function cacheSet(key, text, tags, revalidate, expire) {
  if (customHandler() === undefined) {
    return op_next_cache_set(key, text, tags, revalidate, expire);
  }
  return guarded("set", (h) =>
    h.set(op_next_cache_key(key), JSONParse(text), {
      fetchCache: true,
      revalidate,
      tags,
    }), undefined);
}

/**
 * Invalidates `tags` now: expired when `expire` is 0, else stale and gone
 * once `expire` seconds have passed (undefined: never).
 */
async function invalidateTags(tags, expire) {
  await op_next_cache_invalidate(tags, expire ?? Infinity);
  const durations = expire === 0 ? { expire: 0 } : expire === undefined ? undefined : { expire };
  if (customHandler() !== undefined) {
    await guarded("revalidateTag", (h) => h.revalidateTag(tags, durations), undefined);
  }
  const kinds = ObjectKeys(cacheConfig().cacheHandlers);
  for (let i = 0; i < kinds.length; i++) {
    const made = kindHandler(kinds[i]);
    if (made !== undefined) {
      await guarded("updateTags", (h) => h.updateTags(tags, durations), undefined, made);
    }
  }
}

/**
 * Marks `tags` invalid for every reader: at once for this request's own
 * reads; for everyone else when the handler is done (05_handler.js runs
 * `store.invalidations` before the answer goes out), as Next.js applies
 * them after the handler. Outside a request, at once.
 */
function invalidate(tags, expire) {
  missFromNowOn(tags);
  const store = currentStore();
  if (store !== undefined) {
    store.invalidations ??= [];
    store.invalidations[store.invalidations.length] = { tags, expire };
    return;
  }
  PromisePrototypeThen(invalidateTags(tags, expire), undefined, (error) => {
    globalThis.console.error("invalidating cache tags failed", error);
  });
}

return { cacheGet, cacheSet, guarded, invalidate, invalidateTags, kindHandler, setRuntime };
})();
