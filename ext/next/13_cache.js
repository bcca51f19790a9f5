// `next/cache`. edgeroute's only cache so far is the store of prerendered
// GET answers, kept per route in Rust; these functions do what Next.js
// does without a data cache: unstable_cache calls through,
// unstable_noStore marks nothing, revalidatePath / revalidateTag have no
// data cache entries to drop.
(function () {
const { primordials } = __bootstrap;
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
}

function revalidateTag(tag, _profile) {
  if (typeof tag !== "string") {
    throw new Error("revalidateTag expects a tag string");
  }
}

return { revalidatePath, revalidateTag, unstable_cache, unstable_noStore };
})();
