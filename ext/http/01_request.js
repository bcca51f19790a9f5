// Builds the Web `Request` a route handler receives from what
// `op_http_next` delivers.
import { core } from "ext:core/mod.js";
import {
  onClientGone,
  ResponseAborted,
} from "ext:edgeroute_http/00_client.js";

const { InnerBody } = core.loadExtScript("ext:deno_fetch/22_body.js");
const { newInnerRequest, fromInnerRequest } = core.loadExtScript(
  "ext:deno_fetch/23_request.js",
);
const { readableStreamForRid } = core.loadExtScript(
  "ext:deno_web/06_streams.js",
);
const { signalAbort } = core.loadExtScript("ext:deno_web/03_abort_signal.js");

/**
 * The header list of a request from the flat `[name, value, ...]` array
 * the op delivers (a fresh list: what a handler changes stays out of the
 * flat array).
 * @param {string[]} flat
 * @returns {[string, string][]}
 */
export function headerList(flat) {
  const list = [];
  for (let i = 0; i < flat.length; i += 2) {
    list[i >> 1] = [flat[i], flat[i + 1]];
  }
  return list;
}

/**
 * @param {{ id: number, method: string, url: string,
 *   headers: string[], bodyRid: number | null }} req
 * @returns {Request}
 */
export function toRequest(req) {
  const body = req.bodyRid === null
    ? null
    : new InnerBody(readableStreamForRid(req.bodyRid));
  const inner = newInnerRequest(
    req.method,
    req.url,
    // Built the first time something reads the request's headers.
    () => headerList(req.headers),
    body,
    false,
  );
  // "request" guard: handlers may add headers, as with `new Request()` in
  // Next.js; forbidden names stay forbidden.
  const request = fromInnerRequest(inner, "request");
  // deno_fetch asks the inner request for a cancel hook the first time
  // `request.signal` is read; the signal exists by then.
  inner.onCancel = () => {
    onClientGone(req.id, () => {
      request.signal[signalAbort](new ResponseAborted());
    });
  };
  return request;
}

/**
 * `context.params`: a Promise of the params object for dynamic routes,
 * `undefined` for static ones (as Next.js does).
 * @param {[string, string | string[]][] | null} params
 */
export function toContext(params) {
  if (params === null) {
    return { params: undefined };
  }
  const object = {};
  for (let i = 0; i < params.length; i++) {
    object[params[i][0]] = params[i][1];
  }
  return { params: Promise.resolve(object) };
}
