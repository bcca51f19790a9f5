// The per-request store that next/headers and next/navigation read. It
// travels with the handler's async context (core.AsyncVariable), so
// concurrent requests in one isolate never see each other's store, across
// awaits, timers and streams.
(function () {
const { core } = __bootstrap;

const requestStore = new core.AsyncVariable();

/** The store of the request being handled, or undefined outside one. */
function currentStore() {
  return requestStore.get();
}

/**
 * Calls `fn` with `store` as the current request store; everything `fn`
 * schedules keeps seeing it.
 */
function runWithStore(store, fn) {
  const previous = requestStore.enter(store);
  try {
    return fn();
  } finally {
    core.setAsyncContext(previous);
  }
}

return { currentStore, runWithStore };
})();
