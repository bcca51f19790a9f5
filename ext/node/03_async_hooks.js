// node:async_hooks: AsyncLocalStorage and AsyncResource on V8's
// continuation-preserved embedder data (core.AsyncVariable), the mechanism
// next/headers uses for its request store. A store set with run() is seen
// across awaits, promise callbacks, timers and streams, and concurrent
// requests never see each other's store.
(function () {
const { core, primordials } = __bootstrap;
const { FunctionPrototypeApply, ObjectDefineProperties } = primordials;

/** Runs fn(...args) inside the async context `context`. */
function runInContext(context, fn, thisArg, args) {
  const previous = core.getAsyncContext();
  core.setAsyncContext(context);
  try {
    return FunctionPrototypeApply(fn, thisArg, args);
  } finally {
    core.setAsyncContext(previous);
  }
}

class AsyncLocalStorage {
  #variable = new core.AsyncVariable();

  /** A function that runs its argument in the context current now. */
  static snapshot() {
    const context = core.getAsyncContext();
    return (fn, ...args) => runInContext(context, fn, undefined, args);
  }

  /** `fn`, bound to the async context current now. */
  static bind(fn) {
    return AsyncResource.bind(fn);
  }

  /** The store of the current async context, or undefined. */
  getStore() {
    return this.#variable.get();
  }

  /** Calls fn(...args) with `store` as the store; returns its result. */
  run(store, fn, ...args) {
    const previous = this.#variable.enter(store);
    try {
      return FunctionPrototypeApply(fn, undefined, args);
    } finally {
      core.setAsyncContext(previous);
    }
  }

  /** Calls fn(...args) outside any store. */
  exit(fn, ...args) {
    return this.run(undefined, fn, ...args);
  }

  /** Sets the store for the rest of the current synchronous run and what it schedules. */
  enterWith(store) {
    this.#variable.enter(store);
  }

  /** Clears the store of the current context. */
  disable() {
    this.#variable.enter(undefined);
  }
}

class AsyncResource {
  #context;

  constructor(type = "AsyncResource") {
    this.type = type;
    this.#context = core.getAsyncContext();
  }

  /** Calls fn with the context the resource was created in. */
  runInAsyncScope(fn, thisArg, ...args) {
    return runInContext(this.#context, fn, thisArg, args);
  }

  /** `fn`, bound to this resource's context. */
  bind(fn, thisArg) {
    const resource = this;
    const bound = function (...args) {
      return resource.runInAsyncScope(fn, thisArg ?? this, ...args);
    };
    ObjectDefineProperties(bound, {
      length: { __proto__: null, value: fn.length, configurable: true },
      asyncResource: { __proto__: null, value: this, configurable: true },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    return new AsyncResource(type ?? (fn.name || "bound-anonymous-fn")).bind(
      fn,
      thisArg,
    );
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return 0;
  }

  triggerAsyncId() {
    return 0;
  }
}

return {
  AsyncLocalStorage,
  AsyncResource,
  executionAsyncId: () => 0,
  triggerAsyncId: () => 0,
};
})();
