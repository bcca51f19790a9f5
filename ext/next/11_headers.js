// `next/headers`: headers(), cookies(), draftMode() for the current
// request, found through the async context.
(function () {
const { core, primordials } = __bootstrap;
const { Error, PromiseResolve } = primordials;
const { currentStore } = core.loadExtScript("ext:edgeroute_next/00_async_store.js");

function storeFor(api) {
  const store = currentStore();
  if (store === undefined) {
    throw new Error(
      `\`${api}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`,
    );
  }
  return store;
}

function headers() {
  return PromiseResolve(storeFor("headers").headers);
}

function cookies() {
  return PromiseResolve(storeFor("cookies").cookies);
}

const PREVIEW_COOKIE = "__prerender_bypass";

class DraftMode {
  #store;
  constructor(store) {
    this.#store = store;
    // A bypass cookie from another build (or forged): Next.js clears it.
    const cookie = store.cookies.get(PREVIEW_COOKIE);
    if (cookie !== undefined && cookie.value !== store.previewModeId) {
      store.clearPreviewCookies = true;
    }
  }
  get isEnabled() {
    const cookie = this.#store.cookies.get(PREVIEW_COOKIE);
    return cookie !== undefined && cookie.value === this.#store.previewModeId;
  }
  enable() {
    this.#store.cookies.set({
      name: PREVIEW_COOKIE,
      value: this.#store.previewModeId,
      httpOnly: true,
      sameSite: "none",
      secure: true,
      path: "/",
    });
  }
  disable() {
    this.#store.cookies.set({
      name: PREVIEW_COOKIE,
      value: "",
      httpOnly: true,
      sameSite: "none",
      secure: true,
      path: "/",
      expires: new Date(0),
    });
  }
}

function draftMode() {
  const store = storeFor("draftMode");
  store.draftMode ??= new DraftMode(store);
  return PromiseResolve(store.draftMode);
}

return { cookies, draftMode, headers };
})();
