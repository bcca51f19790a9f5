// `next/cache`. edgeroute's only cache so far is the store of prerendered
// GET answers (Rust, shared by every isolate): revalidatePath drops the
// stored answer of a path (or of every path of a route pattern), so the
// next request renders it anew. There is no data cache yet:
// unstable_cache calls through, unstable_noStore marks nothing and
// revalidateTag has no tagged entries to drop.
(function () {
const { core, primordials } = __bootstrap;
const { op_next_revalidate_path } = core.ops;
const { Error, PromiseResolve } = primordials;

function unstable_cache(callback, _keyParts, _options) {
  if (typeof callback !== "function") {
    throw new Error("unstable_cache expects a function");
  }
  return (...args) => PromiseResolve(callback(...args));
}

function unstable_noStore() {}

function revalidatePath(path, _type) {
  if (typeof path !== "string") {
    throw new Error("revalidatePath expects a path string");
  }
  op_next_revalidate_path(path);
}

function revalidateTag(tag, _profile) {
  if (typeof tag !== "string") {
    throw new Error("revalidateTag expects a tag string");
  }
}

return { revalidatePath, revalidateTag, unstable_cache, unstable_noStore };
})();
