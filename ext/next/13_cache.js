// `next/cache` as Next.js 16 runs it in a route handler
// (docs/caching-notes.md, sections 1 and 3):
// - unstable_cache(fn, keyParts, { revalidate, tags }): one entry per
//   call's arguments in the app's data cache (cache.rs: memory, then disk
//   or Redis, shared by every isolate), JSON text as Next.js stores it; a
//   hit is the parsed JSON, a miss fn's own value; a stale hit is served
//   while fn runs again in the background, once per request.
// - revalidateTag(tag, profile) and revalidatePath(path, type) mark tags:
//   a profile whose `expire` is 0, a single argument or a path expire them
//   (the next read misses); any other profile makes them stale. The
//   route's own reads after the call miss, as Next.js's do.
// - Reads are judged by the request's implicit tags too (`_N_T_` + every
//   layout of the route's page, the page, the pathname), which is how
//   revalidatePath reaches the data a route read.
// revalidatePath also drops the stored answer of a prerendered GET.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayIsArray,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  Error,
  JSONParse,
  JSONStringify,
  ObjectHasOwn,
  PromisePrototypeCatch,
  PromisePrototypeThen,
  PromiseResolve,
  SafeMap,
  SafeSet,
  StringPrototypeEndsWith,
  StringPrototypeSlice,
  StringPrototypeSplit,
  TypeError,
} = primordials;
const {
  op_next_cache_get,
  op_next_cache_invalidate,
  op_next_cache_set,
  op_next_revalidate_path,
  op_next_route_page,
} = core.ops;
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");

const IMPLICIT_TAG = "_N_T_";
const TAG_MAX_LENGTH = 256;
const TAG_MAX_ITEMS = 128;
const SOFT_TAG_MAX_LENGTH = 1024;
const ONE_YEAR = 31536000;
// Next.js's built-in cacheLife profiles: revalidateTag reads `expire`.
const PROFILE_EXPIRE = {
  default: 0xfffffffe,
  seconds: 60,
  minutes: 3600,
  hours: 86400,
  days: 604800,
  weeks: 2592000,
  max: ONE_YEAR,
};

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

function unstable_cache(callback, keyParts, options = {}) {
  if (typeof callback !== "function") {
    throw new TypeError("unstable_cache expects a function");
  }
  const source = callback.toString();
  if (options.revalidate === 0) {
    throw new Error(
      `Invariant revalidate: 0 can not be passed to unstable_cache(), must be "false" or "> 0" ${source}`,
    );
  }
  const description = `unstable_cache ${callback.name || source}`;
  const revalidate = options.revalidate;
  if (revalidate !== undefined && revalidate !== false &&
    !(typeof revalidate === "number" && revalidate > -1)) {
    throw new Error(
      `Invalid revalidate value "${revalidate}" on "${description}", must be a non-negative number or false`,
    );
  }
  const tags = options.tags ? validTags(options.tags, `unstable_cache ${source}`) : [];
  const seconds = typeof revalidate === "number" ? revalidate : ONE_YEAR;
  const fixedKey = `${source}-${ArrayIsArray(keyParts) && ArrayPrototypeJoin(keyParts, ",")}`;

  async function refresh(invocation, args) {
    const result = await callback(...args);
    await op_next_cache_set(invocation, JSONStringify(result) ?? "null", tags, seconds);
    return result;
  }

  return async (...args) => {
    const invocation = `${fixedKey}-${JSONStringify(args)}`;
    const store = currentStore();
    if (store === undefined) {
      // Outside a request: a stale entry is not served.
      const hit = await op_next_cache_get(invocation, []);
      if (hit !== null && !hit[1]) return JSONParse(hit[0]);
      return refresh(invocation, args);
    }
    const soft = implicitTags(store);
    if (!revalidatedHere(store, tags) && !revalidatedHere(store, soft)) {
      const hit = await op_next_cache_get(invocation, soft);
      if (hit !== null) {
        if (hit[1]) refreshOnce(store, invocation, () => refresh(invocation, args));
        return JSONParse(hit[0]);
      }
    }
    return refresh(invocation, args);
  };
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

function unstable_noStore() {}

/** Makes this request's own reads of `tags` miss from now on. */
function missFromNowOn(tags) {
  const store = currentStore();
  if (store !== undefined) {
    store.revalidatedTags ??= new SafeSet();
    for (let i = 0; i < tags.length; i++) store.revalidatedTags.add(tags[i]);
  }
}

/**
 * Marks `tags` invalid for every reader: at once for this request's own
 * reads; for everyone else when the handler is done (05_handler.js runs
 * `store.invalidations` before the answer goes out), as Next.js applies
 * them after the handler. Outside a request, at once.
 */
function invalidate(tags, hard) {
  missFromNowOn(tags);
  const store = currentStore();
  if (store !== undefined) {
    store.invalidations ??= [];
    ArrayPrototypePush(store.invalidations, { tags, hard });
    return;
  }
  PromisePrototypeThen(op_next_cache_invalidate(tags, hard), undefined, (error) => {
    globalThis.console.error("invalidating cache tags failed", error);
  });
}

function revalidateTag(tag, profile) {
  if (typeof tag !== "string") {
    throw new Error("revalidateTag expects a tag string");
  }
  let expire;
  if (profile === undefined) {
    warn(
      '"revalidateTag" without the second argument is now deprecated, add second argument of "max" or use "updateTag". See more info here: https://nextjs.org/docs/messages/revalidate-tag-single-arg',
    );
    expire = 0;
  } else if (typeof profile === "string") {
    if (!ObjectHasOwn(PROFILE_EXPIRE, profile)) {
      // Next.js finds out when it applies the tags, after the handler:
      // the answer stands, the error is logged and nothing is invalidated.
      const error = new Error(
        `Invalid profile provided "${profile}" must be configured under cacheLife in next.config or be "max"`,
      );
      PromisePrototypeThen(PromiseResolve(), () => globalThis.console.error(error));
      missFromNowOn([tag]);
      return;
    }
    expire = PROFILE_EXPIRE[profile];
  } else {
    expire = profile?.expire;
  }
  invalidate([tag], expire === 0);
}

function revalidatePath(path, type) {
  if (typeof path !== "string") {
    throw new Error("revalidatePath expects a path string");
  }
  if (path.length > SOFT_TAG_MAX_LENGTH) {
    warn(
      `Warning: revalidatePath received "${path}" which exceeded max length of ${SOFT_TAG_MAX_LENGTH}. See more info here https://nextjs.org/docs/app/api-reference/functions/revalidatePath`,
    );
    return;
  }
  let tag = IMPLICIT_TAG + (path.length > 1 && StringPrototypeEndsWith(path, "/") ? StringPrototypeSlice(path, 0, -1) : path);
  if (type) tag += (StringPrototypeEndsWith(tag, "/") ? "" : "/") + type;
  const tags = [tag];
  if (tag === IMPLICIT_TAG + "/") ArrayPrototypePush(tags, IMPLICIT_TAG + "/index");
  else if (tag === IMPLICIT_TAG + "/index") ArrayPrototypePush(tags, IMPLICIT_TAG + "/");
  invalidate(tags, true);
  op_next_revalidate_path(path);
}

return { revalidatePath, revalidateTag, unstable_cache, unstable_noStore };
})();
