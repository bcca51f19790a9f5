// The data cache's shared machinery, for next/cache (13_cache.js) and the
// caching fetch (15_fetch.js): tags as Next.js checks them, the request's
// implicit tags, what a request invalidated, one background refresh per
// key and request. The ops are cache.rs's.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayPrototypeJoin,
  JSONParse,
  ObjectHasOwn,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  PromisePrototypeCatch,
  PromisePrototypeThen,
  SafeMap,
  SafeSet,
  StringPrototypeEndsWith,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
} = primordials;
const { op_next_cache_config, op_next_route_page } = core.ops;
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");

const IMPLICIT_TAG = "_N_T_";
// What Next.js stores for "forever" (revalidate false).
const ONE_YEAR = 31536000;
// Next.js's "forever" for cacheLife (INFINITE_CACHE).
const INFINITE = 0xfffffffe;
// Next.js 16's built-in cacheLife profiles, in seconds.
const BUILTIN_PROFILES = {
  default: { stale: undefined, revalidate: 900, expire: INFINITE },
  seconds: { stale: 30, revalidate: 1, expire: 60 },
  minutes: { stale: 300, revalidate: 60, expire: 3600 },
  hours: { stale: 300, revalidate: 3600, expire: 86400 },
  days: { stale: 300, revalidate: 86400, expire: 604800 },
  weeks: { stale: 300, revalidate: 604800, expire: 2592000 },
  max: { stale: 300, revalidate: 2592000, expire: ONE_YEAR },
};
const TAG_MAX_LENGTH = 256;
const TAG_MAX_ITEMS = 128;

let config;
/** next.config's `cacheComponents` and `cacheLife` (cache.rs). */
function cacheConfig() {
  return config ??= JSONParse(op_next_cache_config());
}

/** The cacheLife profile `name`: next.config's, else a built-in one. */
function cacheProfile(name) {
  const configured = cacheConfig().cacheLife;
  if (ObjectHasOwn(configured, name)) return configured[name];
  return ObjectHasOwn(BUILTIN_PROFILES, name) ? BUILTIN_PROFILES[name] : undefined;
}

function warn(message) {
  globalThis.console.warn(message);
}

/** Valid tags, at most 128 of them; the others are dropped with a warning. */
function validTags(tags, description) {
  const valid = [];
  const invalid = [];
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    if (typeof tag !== "string" || tag.length > TAG_MAX_LENGTH) {
      ArrayPrototypePush(invalid, { tag, reason: typeof tag !== "string" ? "invalid type, must be a string" : `exceeded max length of ${TAG_MAX_LENGTH}` });
    } else if (valid.length >= TAG_MAX_ITEMS) {
      warn(`Warning: exceeded max tag count for ${description}, dropped tags: ${ArrayPrototypeJoin(ArrayPrototypeSlice(tags, i), ", ")}`);
      break;
    } else {
      ArrayPrototypePush(valid, tag);
    }
  }
  if (invalid.length > 0) {
    let text = `Warning: invalid tags passed to ${description}: `;
    for (let i = 0; i < invalid.length; i++) {
      text += `\n${invalid[i].tag} ${invalid[i].reason}`;
    }
    warn(text);
  }
  return valid;
}

/**
 * The request's implicit tags: `/layout`, then for each prefix of the
 * route's page its layout (the page itself last), and the pathname.
 */
function implicitTags(store) {
  if (store.implicitTags !== undefined) return store.implicitTags;
  const page = op_next_route_page();
  const tags = [IMPLICIT_TAG + "/layout"];
  const segments = StringPrototypeSplit(page, "/");
  let prefix = "";
  for (let i = 1; i < segments.length; i++) {
    if (segments[i] === "") continue;
    prefix += "/" + segments[i];
    const last = i === segments.length - 1;
    ArrayPrototypePush(
      tags,
      IMPLICIT_TAG + (last && (segments[i] === "route" || segments[i] === "page") ? prefix : prefix + "/layout"),
    );
  }
  ArrayPrototypePush(tags, IMPLICIT_TAG + store.request.nextUrl.pathname);
  store.implicitTags = tags;
  return tags;
}

/** Whether this request invalidated one of `tags` (its reads then miss). */
function revalidatedHere(store, tags) {
  const done = store.revalidatedTags;
  if (done === undefined) return false;
  return ArrayPrototypeSome(tags, (tag) => done.has(tag));
}

/** One background refresh per key and request; a failure keeps the stale entry. */
function refreshOnce(store, invocation, run) {
  store.pendingRefreshes ??= new SafeMap();
  if (store.pendingRefreshes.has(invocation)) return;
  const promise = PromisePrototypeCatch(run(), (error) => {
    globalThis.console.error(`revalidating cache with key: ${invocation}`, error);
  });
  store.pendingRefreshes.set(invocation, promise);
}

/**
 * While a GET is prerendered, a cached read with a revalidate of `seconds`
 * lowers the route's own (the stored answer's) to it, as `next build`
 * collects them.
 */
function lowerRevalidate(store, seconds) {
  if (!store.prerendering || !(seconds > 0)) return;
  if (store.revalidate === undefined || seconds < store.revalidate) {
    store.revalidate = seconds;
  }
}

/**
 * While a GET is prerendered, the tags of what it read from the cache: its
 * stored answer carries them (with the implicit ones), so invalidating
 * one of them reaches it, as Next.js's `x-next-cache-tags` do.
 */
function noteTags(store, tags) {
  if (!store.prerendering || tags.length === 0) return;
  store.readTags ??= new SafeSet();
  for (let i = 0; i < tags.length; i++) store.readTags.add(tags[i]);
}

/** The route as Next.js names it in messages (`/api/items`; `/` for `app/route.ts`). */
function routeName() {
  const page = op_next_route_page();
  const route = StringPrototypeEndsWith(page, "/route") ? StringPrototypeSlice(page, 0, -6) : page;
  return route === "" ? "/" : route;
}

/**
 * What makes a GET being prerendered dynamic happened (`expression`: an
 * uncached fetch, a read of the request): the route runs per request from
 * now on. The error thrown stops the render, as Next.js's
 * DynamicServerError does; under `dynamic = 'error'` it fails the render,
 * as Next.js's build fails.
 */
function dynamicUsage(store, expression) {
  const route = routeName();
  if (store.dynamicShouldError) {
    // `dynamic = 'error'`: Next.js's build fails here.
    // Reads of the request word it without the link, as Next.js does.
    const read = StringPrototypeStartsWith(expression, "request.") ||
      StringPrototypeStartsWith(expression, "nextUrl.");
    return new Error(
      `Route ${route} with \`dynamic = "error"\` couldn't be rendered statically because it used \`${expression}\`.${
        read ? "" : " See more info here: https://nextjs.org/docs/app/building-your-application/rendering/static-and-dynamic#dynamic-rendering"
      }`,
    );
  }
  store.dynamic = true;
  const error = new Error(
    `Dynamic server usage: Route ${route} couldn't be rendered statically because it used ${expression}. See more info here: https://nextjs.org/docs/messages/dynamic-server-error`,
  );
  error.digest = "DYNAMIC_SERVER_USAGE";
  return error;
}

/** Makes this request's own reads of `tags` miss from now on. */
function missFromNowOn(tags) {
  const store = currentStore();
  if (store !== undefined) {
    store.revalidatedTags ??= new SafeSet();
    for (let i = 0; i < tags.length; i++) store.revalidatedTags.add(tags[i]);
  }
}

return {
  BUILTIN_PROFILES,
  IMPLICIT_TAG,
  INFINITE,
  ONE_YEAR,
  cacheConfig,
  cacheProfile,
  dynamicUsage,
  implicitTags,
  lowerRevalidate,
  missFromNowOn,
  noteTags,
  refreshOnce,
  revalidatedHere,
  routeName,
  validTags,
  warn,
};
})();
