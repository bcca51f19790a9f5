// `'use cache'` functions as Next.js 16 runs them under `cacheComponents`
// (runtime/modules/src/use_cache.rs rewrites each one to call $$useCache):
// - the key is the function's id and the values of its parameters and of
//   what it captures, serialised (V8's structured serialisation: Dates,
//   Maps, Sets, BigInts survive, as they do through React's encoding);
// - a hit is the stored value; a miss runs the function in a cache scope,
//   where cacheLife() and cacheTag() set the entry's lifetime and tags and
//   request data (headers(), cookies()) is out of reach, and stores its
//   value in the app's data cache (memory, disk or Redis: cache.rs), gone
//   once its `revalidate` has passed, as Next's default handler drops it;
//   a tag marked stale serves it once more while it runs again; a kind
//   next.config's `cacheHandlers` names goes to that module instead
//   (`get` / `set` with Next.js's entry shape, `refreshTags` once per
//   request, `getExpiration` for the request's implicit tags);
// - a miss and a hit both return the value as the cache holds it;
// - the lifetime and tags reach what called the function: an enclosing
//   cached function, or a GET being prerendered, whose revalidate they
//   lower, and which they make dynamic when short-lived (Next.js keeps
//   entries under 5 minutes' expire or 30 s' stale out of prerenders).
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayIsArray,
  ArrayPrototypePush,
  DateNow,
  Error,
  JSONParse,
  JSONStringify,
  NumberIsFinite,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototype,
  PromiseResolve,
  StringPrototypeTrim,
} = primordials;
const { op_next_cache_get, op_next_cache_set } = core.ops;
const { currentStore, runWithStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");
const {
  INFINITE,
  cacheConfig,
  cacheProfile,
  implicitTags,
  lowerRevalidate,
  noteTags,
  refreshOnce,
  revalidatedHere,
  routeName,
  validTags,
} = core.loadExtScript("ext:edgeroute_next/08_data_cache.js");
const { forgivingBase64Decode, forgivingBase64Encode } = core.loadExtScript(
  "ext:deno_web/00_infra.js",
);
const { ReadableStream, readableStreamCollectIntoUint8Array } = core.loadExtScript(
  "ext:deno_web/06_streams.js",
);
const { guarded, kindHandler } = core.loadExtScript(
  "ext:edgeroute_next/09_cache_handler.js",
);

// Next.js keeps entries shorter-lived than these out of prerenders.
const MIN_PRERENDERABLE_EXPIRE = 300;
const MIN_PREFETCHABLE_STALE = 30;
const LEARN_MORE = "https://nextjs.org/docs/messages/next-request-in-use-cache";

/**
 * The store a cached function runs in: request data is out of reach, its
 * cacheLife() and cacheTag() calls land here, and the caching fetch and
 * unstable_cache leave it alone (`inUseCache`).
 */
class CacheScope {
  constructor(outer) {
    this.outer = outer;
    this.inUseCache = true;
    this.tags = [];
    // cacheLife()'s explicit values, and the shortest of nested entries.
    this.explicit = {};
    this.nested = {};
  }

  get request() {
    return this.outer?.request;
  }

  /** The route as Next.js names it in messages. */
  get route() {
    return routeName();
  }

  get headers() {
    throw new Error(
      `Route "${routeName()}": \`headers()\` can't be read inside \`"use cache"\`. Read it outside the cached function and pass what you need as an argument.\nLearn more: ${LEARN_MORE}`,
    );
  }

  get cookies() {
    throw new Error(
      `Route "${routeName()}": \`cookies()\` can't be read inside \`"use cache"\`. Read it outside the cached function and pass what you need as an argument.\nLearn more: ${LEARN_MORE}`,
    );
  }
}

/** The request store under any cache scopes. */
function requestOf(store) {
  while (store?.inUseCache) store = store.outer;
  return store;
}

/** Keeps the shorter of each of `life`'s times in `into`. */
function shortest(into, life) {
  for (const field of ["stale", "revalidate", "expire"]) {
    const value = life[field];
    if (value !== undefined && (into[field] === undefined || value < into[field])) {
      into[field] = value;
    }
  }
}

/** An entry's lifetime: cacheLife()'s, else the default profile's, no longer than a nested entry's. */
function lifeOf(scope) {
  const base = cacheProfile("default");
  const life = {
    stale: scope.explicit.stale ?? base.stale,
    revalidate: scope.explicit.revalidate ?? base.revalidate,
    expire: scope.explicit.expire ?? base.expire,
  };
  shortest(life, scope.nested);
  return life;
}

/** A cached value's lifetime and tags reach what called the function. */
function propagate(outer, life, tags) {
  if (outer === undefined) return;
  if (outer.inUseCache) {
    shortest(outer.nested, life);
    for (let i = 0; i < tags.length; i++) ArrayPrototypePush(outer.tags, tags[i]);
    return;
  }
  if (!outer.prerendering) return;
  noteTags(outer, tags);
  const shortLived = life.revalidate === 0 ||
    life.expire < MIN_PRERENDERABLE_EXPIRE ||
    (life.stale ?? INFINITE) < MIN_PREFETCHABLE_STALE;
  if (shortLived) {
    if (outer.mayTurnDynamic) outer.dynamic = true;
  } else if (life.revalidate < INFINITE) {
    lowerRevalidate(outer, life.revalidate);
  }
}

/** The value as the cache gives it back: properties holding `undefined` are dropped, as React's encoding drops them. */
function withoutUndefined(value) {
  if (ArrayIsArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = withoutUndefined(value[i]);
    return value;
  }
  if (value === null || typeof value !== "object") return value;
  const proto = ObjectGetPrototypeOf(value);
  if (proto !== ObjectPrototype && proto !== null) return value;
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) {
    if (value[keys[i]] === undefined) delete value[keys[i]];
    else value[keys[i]] = withoutUndefined(value[keys[i]]);
  }
  return value;
}

function serialize(value, what) {
  try {
    return core.serialize(value);
  } catch (error) {
    throw new Error(`${what} of a "use cache" function must be serializable: ${error.message}`);
  }
}

/** Runs the function in a cache scope and stores what it returns. */
async function generate(outer, key, fn, handler) {
  const scope = new CacheScope(outer);
  const result = await runWithStore(scope, fn);
  const bytes = serialize(result, "The value returned");
  const life = lifeOf(scope);
  const tags = scope.tags;
  // While a GET is prerendered (`next build`'s work), entries are not
  // kept: Next.js keeps them in the build's memory, gone by `next start`.
  if (life.revalidate > 0 && life.expire > 0 && !requestOf(outer)?.prerendering) {
    if (handler !== undefined) {
      const entry = {
        value: new ReadableStream({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        }),
        tags,
        stale: life.stale ?? 0,
        timestamp: DateNow(),
        expire: life.expire,
        revalidate: life.revalidate,
      };
      await guarded("set", (h) => h.set(key, PromiseResolve(entry)), undefined, handler);
    } else {
      const entry = { kind: "USE_CACHE", value: forgivingBase64Encode(bytes), tags, life };
      await op_next_cache_set(key, JSONStringify(entry), tags, Infinity, life.revalidate);
    }
  }
  propagate(outer, life, tags);
  return withoutUndefined(core.deserialize(bytes));
}

/** `{ value, life, tags, stale }` of the data cache's entry, or undefined. */
async function lookupBuiltin(key, soft) {
  const hit = await op_next_cache_get(key, soft);
  if (hit === null) return undefined;
  try {
    const entry = JSONParse(hit[0]);
    if (entry.kind !== "USE_CACHE") return undefined;
    entry.value = core.deserialize(forgivingBase64Decode(entry.value));
    entry.stale = hit[1];
    return entry;
  } catch {
    return undefined;
  }
}

/**
 * A `cacheHandlers` entry as the built-in lookup gives one, as Next.js's
 * wrapper reads it: gone past `expire` or when a soft tag expired after
 * it was made (`getExpiration`), stale past `revalidate` (or -1).
 */
async function lookupHandler(handler, outer, key, soft) {
  // Next.js asks each handler to refresh its tags once per request.
  if (outer !== undefined) {
    const request = requestOf(outer);
    if (request !== undefined && !request.tagsRefreshed) {
      request.tagsRefreshed = true;
      await guarded("refreshTags", (h) => h.refreshTags(), undefined, handler);
    }
  }
  return guarded("get", async (h) => {
    const entry = await h.get(key, soft);
    if (entry === undefined || entry === null) return undefined;
    const now = DateNow();
    if (now > entry.timestamp + entry.expire * 1000) return undefined;
    if (soft.length > 0 && (await h.getExpiration(soft)) > entry.timestamp) return undefined;
    const bytes = await readableStreamCollectIntoUint8Array(entry.value);
    return {
      value: core.deserialize(bytes),
      life: { stale: entry.stale, revalidate: entry.revalidate, expire: entry.expire },
      tags: entry.tags ?? [],
      stale: entry.revalidate === -1 || now > entry.timestamp + entry.revalidate * 1000,
    };
  }, undefined, handler);
}

/**
 * A call of a `'use cache'` function: `id` names the function, `kind` the
 * directive's handler, `bound` what it captures, `fn` its body, `args` its
 * parameters' values.
 */
async function $$useCache(id, kind, bound, fn, args) {
  if (!cacheConfig().cacheComponents) {
    throw new Error(
      'To use "use cache", please enable the feature flag `cacheComponents` in your Next.js config.',
    );
  }
  const outer = currentStore();
  // Private caches live as long as the request: the function runs.
  if (kind === "private") return fn();
  // next.config's cacheHandlers for this kind, else the data cache.
  const handler = kindHandler(kind);
  if (handler === undefined && kind !== "default" && kind !== "remote") {
    throw new Error(`Unknown cache handler: ${kind}`);
  }
  const key = `use cache\0${id}\0${forgivingBase64Encode(serialize([bound, args], "The arguments"))}`;
  const soft = outer !== undefined ? implicitTags(outer) : [];
  if (outer === undefined || !revalidatedHere(outer, soft)) {
    const entry = handler !== undefined
      ? await lookupHandler(handler, outer, key, soft)
      : await lookupBuiltin(key, soft);
    if (entry !== undefined && (outer === undefined || !revalidatedHere(outer, entry.tags))) {
      // While a GET is prerendered, a stale entry is made again first.
      if (!(entry.stale && requestOf(outer)?.prerendering)) {
        if (entry.stale && outer !== undefined) {
          refreshOnce(outer, key, () => generate(outer, key, fn, handler));
        }
        propagate(outer, entry.life, entry.tags);
        return withoutUndefined(entry.value);
      }
    }
  }
  return generate(outer, key, fn, handler);
}

function scopeFor(api) {
  if (!cacheConfig().cacheComponents) {
    throw new Error(`\`${api}()\` is only available with the \`cacheComponents\` config.`);
  }
  const scope = currentStore();
  if (scope === undefined || !scope.inUseCache) {
    const link = api === "cacheLife" ? "cache-life-outside-use-cache" : "cache-tag-outside-use-cache";
    throw new Error(
      `Route "${routeName()}": \`${api}()\` can only be called inside a \`"use cache"\` or \`"use cache: private"\` function.\nLearn more: https://nextjs.org/docs/messages/${link}`,
    );
  }
  return scope;
}

/** One of cacheLife()'s times, checked as Next.js checks it. */
function seconds(name, value) {
  if (value === undefined) return undefined;
  if (value === false) {
    throw new Error(`Pass \`Infinity\` instead of \`false\` for \`${name}\`.`);
  }
  if (typeof value !== "number") {
    throw new Error(`The ${name} option must be a number of seconds.`);
  }
  if (value === Infinity) return INFINITE;
  if (!NumberIsFinite(value)) {
    throw new Error(
      `Invalid \`cacheLife()\` option "${name}" provided, expected a finite number of seconds or Infinity, received ${value}.`,
    );
  }
  return value;
}

/** `cacheLife(profile)`: a profile's name or `{ stale, revalidate, expire }`. */
function cacheLife(profile) {
  const scope = scopeFor("cacheLife");
  let life;
  if (typeof profile === "string") {
    life = cacheProfile(profile);
    if (life === undefined) {
      const trimmed = StringPrototypeTrim(profile);
      throw new Error(
        trimmed !== profile && cacheProfile(trimmed) !== undefined
          ? `Unknown \`cacheLife()\` profile "${profile}" is not configured in next.config.js\nDid you mean "${trimmed}" without the spaces?`
          : `Unknown \`cacheLife()\` profile "${profile}" is not configured in next.config.js\nmodule.exports = {\n  cacheLife: {\n    "${profile}": ...\n  }\n}`,
      );
    }
  } else if (typeof profile !== "object" || profile === null || ArrayIsArray(profile)) {
    throw new Error("Invalid `cacheLife()` option. Either pass a profile name or object.");
  } else {
    life = {
      stale: seconds("stale", profile.stale),
      revalidate: seconds("revalidate", profile.revalidate),
      expire: seconds("expire", profile.expire),
    };
    if (life.revalidate !== undefined && life.expire !== undefined && life.revalidate > life.expire) {
      throw new Error(
        "If providing both the revalidate and expire options, the expire option must be greater than the revalidate option. The expire option indicates how many seconds from the start until it can no longer be used.",
      );
    }
  }
  shortest(scope.explicit, life);
}

/** `cacheTag(...tags)`: tags the entry, for revalidateTag. */
function cacheTag(...tags) {
  const scope = scopeFor("cacheTag");
  const valid = validTags(tags, "`cacheTag()`");
  for (let i = 0; i < valid.length; i++) ArrayPrototypePush(scope.tags, valid[i]);
}

return { $$useCache, cacheLife, cacheTag };
})();
