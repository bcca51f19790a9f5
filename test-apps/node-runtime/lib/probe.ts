// Shared by app/api/runtime/node and app/api/runtime/edge: what the runtime
// exposes. Only typeof checks and stable facts.
export function probe() {
  const g = globalThis as Record<string, unknown>
  return {
    buffer: typeof Buffer,
    process: typeof process,
    processEnv: typeof process === 'object' ? typeof process.env : 'n/a',
    processVersionsNode: typeof process === 'object' && process.versions ? typeof process.versions.node : 'n/a',
    nodeEnv: process.env.NODE_ENV,
    setImmediate: typeof setImmediate,
    edgeRuntime: typeof g.EdgeRuntime,
    global: typeof g.global,
    webSocket: typeof g.WebSocket,
    navigator: typeof g.navigator,
    fetch: typeof fetch,
    response: typeof Response,
    structuredClone: typeof structuredClone,
    cryptoSubtle: typeof crypto === 'object' ? typeof crypto.subtle : 'n/a',
    textEncoder: typeof TextEncoder,
    atob: typeof atob,
    queueMicrotask: typeof queueMicrotask,
    asyncLocalStorage: typeof g.AsyncLocalStorage,
    urlPattern: typeof g.URLPattern,
  }
}
