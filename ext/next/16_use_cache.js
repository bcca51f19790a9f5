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
//   a tag marked stale serves it once more while it runs again;
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
  Error,
  JSONParse,
  JSONStringify,
  NumberIsFinite,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototype,
  StringPrototypeEndsWith,
  StringPrototypeSlice,
  StringPrototypeTrim,
} = primordials;
const { op_next_cache_get, op_next_cache_set, op_next_route_page } = core.ops;
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
  validTags,
} = core.loadExtScript("ext:edgeroute_next/08_data_cache.js");
const { forgivingBase64Decode, forgivingBase64Encode } = core.loadExtScript(
  "ext:deno_web/00_infra.js",
);

// Next.js keeps entries shorter-lived than these out of prerenders.
const MIN_PRERENDERABLE_EXPIRE = 300;
const MIN_PREFETCHABLE_STALE = 30;
const LEARN_MORE = "https://nextjs.org/docs/messages/next-request-in-use-cache";

/** The route as Next.js names it in messages (`/api/items`). */
function routeName() {
  const page = op_next_route_page();
  const route = StringPrototypeEndsWith(page, "/route") ? StringPrototypeSlice(page, 0, -6) : page;
  return route === "" ? "/" : route;
}

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
async function generate(outer, key, fn) {
  const scope = new CacheScope(outer);
  const result = await runWithStore(scope, fn);
  const bytes = serialize(result, "The value returned");
  const life = lifeOf(scope);
  const tags = scope.tags;
  // While a GET is prerendered (`next build`'s work), entries are not
  // kept: Next.js keeps them in the build's memory, gone by `next start`.
  if (life.revalidate > 0 && life.expire > 0 && !requestOf(outer)?.prerendering) {
    const entry = { kind: "USE_CACHE", value: forgivingBase64Encode(bytes), tags, life };
    await op_next_cache_set(key, JSONStringify(entry), tags, Infinity, life.revalidate);
  }
  propagate(outer, life, tags);
  return withoutUndefined(core.deserialize(bytes));
}

/** The stored entry under `key`'s text, or undefined when it does not decode. */
function decode(text) {
  try {
    const entry = JSONParse(text);
    if (entry.kind !== "USE_CACHE") return undefined;
    entry.value = core.deserialize(forgivingBase64Decode(entry.value));
    return entry;
  } catch {
    return undefined;
  }
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
  if (kind !== "default" && kind !== "remote") {
    throw new Error(`Unknown cache handler: ${kind}`);
  }
  const key = `use cache\0${id}\0${forgivingBase64Encode(serialize([bound, args], "The arguments"))}`;
  const soft = outer !== undefined ? implicitTags(outer) : [];
  if (outer === undefined || !revalidatedHere(outer, soft)) {
    const hit = await op_next_cache_get(key, soft);
    const entry = hit !== null ? decode(hit[0]) : undefined;
    if (entry !== undefined && (outer === undefined || !revalidatedHere(outer, entry.tags))) {
      const stale = hit[1];
      // While a GET is prerendered, a stale entry is made again first.
      if (!(stale && outer?.prerendering)) {
        if (stale && outer !== undefined) refreshOnce(outer, key, () => generate(outer, key, fn));
        propagate(outer, entry.life, entry.tags);
        return withoutUndefined(entry.value);
      }
    }
  }
  return generate(outer, key, fn);
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
