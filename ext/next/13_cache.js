// `next/cache` as Next.js 16 runs it in a route handler
// (docs/caching-notes.md, sections 1 and 3):
// - unstable_cache(fn, keyParts, { revalidate, tags }): one entry per
//   call's arguments in the app's data cache (cache.rs: memory, then disk
//   or Redis, shared by every isolate), JSON text as Next.js stores it; a
//   hit is the parsed JSON, a miss fn's own value; a stale hit is served
//   while fn runs again in the background, once per request.
// - revalidateTag(tag, profile) and revalidatePath(path, type) mark tags:
//   a profile whose `expire` is 0, a single argument or a path expire them
//   (the next read misses); any other profile (next.config's `cacheLife`
//   first, then the built-in ones) makes them stale, and gone once its
//   `expire` has passed. The
//   route's own reads after the call miss, as Next.js's do.
// - Reads are judged by the request's implicit tags too (`_N_T_` + every
//   layout of the route's page, the page, the pathname), which is how
//   revalidatePath reaches the data a route read.
// - While a GET is prerendered, a numeric revalidate lowers the route's, and
//   a stale entry is refreshed before use (Next.js's static generation).
// - updateTag and refresh throw: route handlers are not Server Actions.
// revalidatePath also drops the stored answer of a prerendered GET.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayIsArray,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  Error,
  JSONParse,
  JSONStringify,
  PromisePrototypeThen,
  PromiseResolve,
  StringPrototypeEndsWith,
  StringPrototypeSlice,
  TypeError,
} = primordials;
const { op_next_cache_get, op_next_revalidate_path } = core.ops;
const { cacheGet, cacheSet, invalidate } = core.loadExtScript(
  "ext:edgeroute_next/09_cache_handler.js",
);
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");
const {
  IMPLICIT_TAG,
  ONE_YEAR,
  cacheProfile,
  implicitTags,
  lowerRevalidate,
  missFromNowOn,
  noteTags,
  refreshOnce,
  revalidatedHere,
  validTags,
  warn,
} = core.loadExtScript("ext:edgeroute_next/08_data_cache.js");

const SOFT_TAG_MAX_LENGTH = 1024;

/** A stored unstable_cache result, or undefined when the entry does not decode. */
function stored(text) {
  try {
    return { value: JSONParse(JSONParse(text).data.body) };
  } catch {
    return undefined;
  }
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
  // What a read asks of the entry's age (Next.js's `ctx.revalidate`).
  const revalidateFor = typeof revalidate === "number" ? revalidate : undefined;
  const fixedKey = `${source}-${ArrayIsArray(keyParts) && ArrayPrototypeJoin(keyParts, ",")}`;

  // Stored as Next.js stores it: a FETCH value whose body is the JSON.
  async function refresh(invocation, args) {
    const result = await callback(...args);
    const data = { headers: {}, body: JSONStringify(result) ?? "null", status: 200, url: "" };
    await cacheSet(invocation, JSONStringify({ kind: "FETCH", data, revalidate: seconds }), tags, seconds, Infinity);
    return result;
  }

  return async (...args) => {
    const invocation = `${fixedKey}-${JSONStringify(args)}`;
    const store = currentStore();
    if (store === undefined) {
      // Outside a request: a stale entry is not served.
      const hit = await cacheGet(invocation, [], revalidateFor, tags);
      const found = hit !== null && !hit[1] ? stored(hit[0]) : undefined;
      if (found !== undefined) return found.value;
      return refresh(invocation, args);
    }
    if (typeof revalidate === "number") lowerRevalidate(store, revalidate);
    noteTags(store, tags);
    const soft = implicitTags(store);
    if (!revalidatedHere(store, tags) && !revalidatedHere(store, soft)) {
      const hit = await cacheGet(invocation, soft, revalidateFor, tags);
      const found = hit !== null ? stored(hit[0]) : undefined;
      if (found !== undefined && !(hit[1] && store.prerendering)) {
        if (hit[1]) refreshOnce(store, invocation, () => refresh(invocation, args));
        return found.value;
      }
    }
    return refresh(invocation, args);
  };
}

function unstable_noStore() {}

// updateTag and refresh belong to Server Actions: a route handler that
// calls them fails (500), as it does on `next start`.
function serverActionOnly(name, more) {
  throw new Error(
    `${name} can only be called from within a Server Action. ${more}See more info here: https://nextjs.org/docs/app/api-reference/functions/${name}`,
  );
}

function updateTag(_tag) {
  serverActionOnly(
    "updateTag",
    "To invalidate cache tags in Route Handlers or other contexts, use revalidateTag instead. ",
  );
}

function refresh() {
  serverActionOnly("refresh", "");
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
    const named = cacheProfile(profile);
    if (named !== undefined) {
      expire = named.expire;
    } else {
      // Next.js finds out when it applies the tags, after the handler:
      // the answer stands, the error is logged and nothing is invalidated.
      const error = new Error(
        `Invalid profile provided "${profile}" must be configured under cacheLife in next.config or be "max"`,
      );
      PromisePrototypeThen(PromiseResolve(), () => globalThis.console.error(error));
      missFromNowOn([tag]);
      return;
    }
  } else {
    expire = profile?.expire;
  }
  invalidate([tag], typeof expire === "number" ? expire : undefined);
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
  invalidate(tags, 0);
  op_next_revalidate_path(path);
}

const { $$useCache, cacheLife, cacheTag } = core.loadExtScript(
  "ext:edgeroute_next/16_use_cache.js",
);

return {
  $$useCache,
  cacheLife,
  cacheTag,
  refresh,
  revalidatePath,
  revalidateTag,
  unstable_cache,
  unstable_noStore,
  updateTag,
};
})();
