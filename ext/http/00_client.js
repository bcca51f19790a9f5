// Client disconnects: when the client goes away before its answer is
// delivered, `request.signal` aborts with a `ResponseAborted` error (as in
// Next.js) and the response stream is cancelled. Watching costs one async
// op per request and starts only when something needs it (the handler
// reads `request.signal`, or the response streams).
import { primordials } from "ext:core/mod.js";
import { op_http_client_gone } from "ext:core/ops";

const {
  ArrayPrototypePush,
  Error,
  PromisePrototypeThen,
  SafeMap,
  MapPrototypeGet,
  MapPrototypeSet,
  MapPrototypeDelete,
} = primordials;

/** The reason `request.signal` aborts with when the client goes away. */
export class ResponseAborted extends Error {
  name = "ResponseAborted";
}

/** Request id -> callbacks waiting for that client to go away. */
const watched = new SafeMap();

/**
 * Calls `callback` (once) if the client of request `id` goes away before
 * its answer is delivered.
 * @param {number} id
 * @param {() => void} callback
 */
export function onClientGone(id, callback) {
  let callbacks = MapPrototypeGet(watched, id);
  if (callbacks === undefined) {
    callbacks = [];
    MapPrototypeSet(watched, id, callbacks);
    PromisePrototypeThen(op_http_client_gone(id), (gone) => {
      MapPrototypeDelete(watched, id);
      if (!gone) return;
      for (let i = 0; i < callbacks.length; i++) {
        try {
          callbacks[i]();
        } catch {
          // A failing listener must not keep the others from running.
        }
      }
    });
  }
  ArrayPrototypePush(callbacks, callback);
}
