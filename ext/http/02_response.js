// Sends a handler's `Response` back to the server: fixed bodies in one op,
// streams chunk by chunk with backpressure.
import { core, primordials } from "ext:core/mod.js";
import {
  op_http_close,
  op_http_respond,
  op_http_respond_stream,
  op_http_respond_text,
  op_http_stream_error,
  op_http_write,
} from "ext:core/ops";
import {
  onClientGone,
  ResponseAborted,
} from "ext:edgeroute_http/00_client.js";

const {
  ObjectPrototypeIsPrototypeOf,
  PromisePrototypeCatch,
  TypeError,
  Uint8ArrayPrototype,
} = primordials;
const { ReadableStreamPrototype } = core.loadExtScript(
  "ext:deno_web/06_streams.js",
);
const { toInnerResponse } = core.loadExtScript(
  "ext:deno_fetch/23_response.js",
);

/**
 * What the ops take of a Response: status, header list, and either the
 * fixed body (a string or bytes; `null` without a body) or the stream to
 * pump.
 * Marks a fixed body used.
 * @param {Response} response
 */
export function responseParts(response) {
  const inner = toInnerResponse(response);
  const status = inner.status;
  const headers = inner.headerList;
  const body = inner.body;
  if (body === null) {
    return { status, headers, bytes: null, stream: null };
  }
  const source = body.streamOrStatic;
  if (ObjectPrototypeIsPrototypeOf(ReadableStreamPrototype, source)) {
    return { status, headers, bytes: null, stream: source };
  }
  if (source.consumed) {
    throw new TypeError("Response body has already been used");
  }
  source.consumed = true;
  return { status, headers, bytes: source.body, stream: null };
}

/**
 * @param {number} id
 * @param {Response} response
 * @param {(error: unknown) => string} describe formats stream errors
 */
export async function sendResponse(id, response, describe) {
  const { status, headers, bytes, stream: source } = responseParts(response);
  if (source === null) {
    // A string body (Response.json(), new Response("text")) is encoded
    // once, by the op, straight into the answer's buffer.
    if (typeof bytes === "string") {
      op_http_respond_text(id, status, headers, bytes);
    } else {
      op_http_respond(id, status, headers, bytes);
    }
    return;
  }
  const rid = op_http_respond_stream(id, status, headers);
  const reader = source.getReader();
  let gone = false;
  // The client left: cancel the stream now, even while its `pull` waits,
  // so the producer stops (its timers included) without another chunk.
  onClientGone(id, () => {
    gone = true;
    PromisePrototypeCatch(reader.cancel(new ResponseAborted()), () => {});
  });
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done || gone) break;
      if (!ObjectPrototypeIsPrototypeOf(Uint8ArrayPrototype, value)) {
        throw new TypeError(
          "Response body stream must produce Uint8Array chunks",
        );
      }
      if (!(await op_http_write(rid, value))) {
        // The client went away: stop the producer.
        await reader.cancel();
        op_http_close(rid);
        return;
      }
    }
    op_http_close(rid);
  } catch (error) {
    await op_http_stream_error(rid, describe(error));
    try {
      await reader.cancel(error);
    } catch {
      // The stream is already errored; nothing more to release.
    }
  }
}
