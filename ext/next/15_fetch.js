// fetch() in a route handler as Next.js patches it (docs/caching-notes.md,
// section 2): a fetch with `next: { revalidate: N | false }` or
// `cache: 'force-cache'` is answered from the app's data cache, keyed by
// everything Next.js keys it by (URL, method, headers, mode ... body), its
// `next.tags` on the entry; a stale entry is served while one refetch runs.
// `no-store`, `no-cache`, `revalidate: 0` or `false` alone, and fetches
// with no caching option (Next's request-time default) go to the network. Outside a route
// handler's request (the proxy, module top level) and in draft mode, the
// network always. The route segment's `fetchCache` decides for fetches
// that choose nothing; while a GET is prerendered, a fetch's revalidate
// lowers the route's and stale entries are refetched before use.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  JSONParse,
  JSONStringify,
  ObjectAssign,
  ObjectDefineProperty,
  ObjectFromEntries,
  ObjectPrototypeIsPrototypeOf,
  PromiseReject,
  TypedArrayPrototypeGetByteLength,
  Uint8Array,
} = primordials;
const { cacheGet, cacheSet } = core.loadExtScript(
  "ext:edgeroute_next/09_cache_handler.js",
);
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");
const {
  ONE_YEAR,
  cacheConfig,
  dynamicUsage,
  implicitTags,
  lowerRevalidate,
  noteTags,
  refreshOnce,
  revalidatedHere,
  validTags,
  warn,
} = core.loadExtScript("ext:edgeroute_next/08_data_cache.js");
const { Request } = core.loadExtScript("ext:deno_fetch/23_request.js");
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { forgivingBase64Decode, forgivingBase64Encode } = core.loadExtScript(
  "ext:deno_web/00_infra.js",
);
const { TextDecoder } = core.loadExtScript("ext:deno_web/08_text_encoding.js");
const RequestPrototype = Request.prototype;

// An entry over this is not stored (Next.js's limit without a custom handler).
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
const PREVIEW_COOKIE = "__prerender_bypass";

/**
 * How long the answer may be kept, in seconds, or undefined when it is
 * not cached, from the fetch's `cache` and `next.revalidate`, as
 * `next start` 16.4.6 answers (test-apps/cache-data): a positive
 * revalidate or `force-cache` caches; `revalidate: false` alone does not
 * (a request-time fetch with no `cache` option is never cached);
 * conflicting options (`no-store` with a revalidate) cancel each other.
 */
function cachedFor(cache, revalidate) {
  if ((cache === "force-cache" && revalidate === 0) ||
    (cache === "no-store" && (revalidate === false || revalidate > 0))) {
    return undefined;
  }
  if (cache === "no-store" || cache === "no-cache") return undefined;
  if (cache === "force-cache") {
    return typeof revalidate === "number" && revalidate > 0 ? revalidate : ONE_YEAR;
  }
  if (typeof revalidate === "number" && revalidate > 0) return revalidate;
  return undefined;
}

/**
 * The cache mode the route segment's `fetchCache` gives a fetch that chose
 * none itself (no `cache`, no `next.revalidate`): `force-cache`,
 * `default-cache` and `only-cache` cache it; the others leave it to the
 * request-time default (not cached). A fetch's own choice wins, as on
 * `next start` 16.4.6 (test-apps/isr: `force-no-store` keeps a
 * `force-cache` fetch cached).
 */
function segmentDefault(store, init, request) {
  const mode = store.fetchCache;
  if (mode !== "force-cache" && mode !== "default-cache" && mode !== "only-cache") {
    return undefined;
  }
  if (init?.cache !== undefined || init?.next?.revalidate !== undefined) return undefined;
  if (request !== undefined && request.cache !== "default") return undefined;
  return "force-cache";
}

/** The body as the key has it (text), or undefined when it can't be keyed. */
function bodyChunks(body) {
  if (body === undefined || body === null) return [];
  if (typeof body === "string") return [body];
  if (ArrayBufferIsView(body)) return [new TextDecoder().decode(body)];
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, body)) {
    return [new TextDecoder().decode(new Uint8Array(body))];
  }
  return undefined;
}

/** The fetch's key as Next.js builds it, or undefined when it can't be keyed. */
function keyOf(input, init, url) {
  const from = ObjectPrototypeIsPrototypeOf(RequestPrototype, input) ? input : undefined;
  const field = (name) => init?.[name] ?? from?.[name] ?? null;
  let headers = init?.headers ?? from?.headers ?? {};
  headers = typeof headers.keys === "function"
    ? ObjectFromEntries(headers)
    : ObjectAssign({}, headers);
  delete headers.traceparent;
  delete headers.tracestate;
  if (from !== undefined && from.body !== null && init?.body === undefined) return undefined;
  const chunks = bodyChunks(init?.body);
  if (chunks === undefined) return undefined;
  return JSONStringify([
    "v3",
    "",
    url,
    init?.method ?? from?.method ?? null,
    headers,
    field("mode"),
    field("redirect"),
    field("credentials"),
    field("referrer"),
    field("referrerPolicy"),
    field("integrity"),
    field("cache"),
    chunks,
  ]);
}

function stored(text) {
  const entry = JSONParse(text);
  const data = entry.data;
  const response = new Response(forgivingBase64Decode(data.body), {
    status: data.status,
    headers: data.headers,
  });
  ObjectDefineProperty(response, "url", { value: data.url });
  return response;
}

/** Fetches, stores a 200 answer of at most 2 MB, and returns it. */
async function fetchAndStore(original, input, init, key, tags, seconds, url) {
  const response = await original(input, init);
  if (response.status !== 200) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const size = TypedArrayPrototypeGetByteLength(bytes);
  if (size > MAX_ENTRY_BYTES) {
    warn(`Failed to set Next.js data cache for ${url}, items over 2MB can not be cached (${size} bytes)`);
  } else {
    const data = {
      headers: ObjectFromEntries(response.headers),
      body: forgivingBase64Encode(bytes),
      status: response.status,
      url: response.url,
    };
    await cacheSet(key, JSONStringify({ kind: "FETCH", data, revalidate: seconds }), tags, seconds, Infinity);
  }
  const answer = new Response(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  ObjectDefineProperty(answer, "url", { value: response.url });
  return answer;
}

function draftMode(store) {
  // A prerender has no cookies (and reading them would make it dynamic).
  if (store.prerendering) return false;
  return store.cookies.get(PREVIEW_COOKIE)?.value === store.previewModeId;
}

/** `original` (the Web fetch) with Next.js's data cache in front. */
function cachingFetch(original) {
  return function fetch(input, init) {
    const store = currentStore();
    if (store === undefined || store.proxy || store.inUseCache) return original(input, init);
    const isRequest = ObjectPrototypeIsPrototypeOf(RequestPrototype, input);
    let url;
    try {
      const parsed = new URL(isRequest ? input.url : input);
      parsed.username = "";
      parsed.password = "";
      url = parsed.href;
    } catch {
      return original(input, init);
    }
    const next = init?.next;
    const cache = init?.cache ?? (isRequest ? input.cache : undefined);
    const seconds = cachedFor(segmentDefault(store, init, isRequest ? input : undefined) ?? cache, next?.revalidate);
    if (seconds === undefined) {
      // While `revalidate = N` is prerendered, a fetch told not to cache
      // makes the route dynamic: Next.js's DynamicServerError at build,
      // thrown before the request is made.
      // Under cacheComponents, any fetch left uncached does.
      const uncached = cache === "no-store" || cache === "no-cache" || next?.revalidate === 0;
      if ((store.mayTurnDynamic && (uncached || cacheConfig().cacheComponents)) ||
        (store.dynamicShouldError && uncached)) {
        const how = cache === "no-store" ? "no-store fetch" : next?.revalidate === 0 ? "revalidate: 0 fetch" : "fetch";
        return PromiseReject(dynamicUsage(store, `${how} ${url}`));
      }
      return original(input, init);
    }
    if (draftMode(store)) return original(input, init);
    if (typeof next?.revalidate === "number") lowerRevalidate(store, next.revalidate);
    const key = keyOf(input, init, url);
    if (key === undefined) return original(input, init);
    const tags = next?.tags ? validTags(next.tags, `fetch ${url}`) : [];
    noteTags(store, tags);
    return (async () => {
      const soft = implicitTags(store);
      if (!revalidatedHere(store, tags) && !revalidatedHere(store, soft)) {
        const hit = await cacheGet(key, soft, seconds, tags);
        if (hit !== null) {
          try {
            const response = stored(hit[0]);
            // While a GET is prerendered, a stale entry is refetched first.
            if (hit[1] && store.prerendering) {
              return fetchAndStore(original, input, init, key, tags, seconds, url);
            }
            if (hit[1]) {
              refreshOnce(store, key, () => fetchAndStore(original, input, init, key, tags, seconds, url));
            }
            return response;
          } catch {
            // An entry that does not decode is a miss.
          }
        }
      }
      return fetchAndStore(original, input, init, key, tags, seconds, url);
    })();
  };
}

return { cachingFetch };
})();
