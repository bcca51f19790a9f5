// The serve loop of one isolate: load the route module, report its
// handlers, then take requests until the server stops sending them.
import { core, primordials } from "ext:core/mod.js";
import {
  op_http_fail,
  op_http_load_failed,
  op_http_next,
  op_http_ready,
} from "ext:core/ops";
import { toContext, toRequest } from "ext:edgeroute_http/01_request.js";
import {
  responseParts,
  sendResponse,
} from "ext:edgeroute_http/02_response.js";

const {
  ArrayPrototypeFilter,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  StringPrototypeIncludes,
  StringPrototypeSplit,
  ObjectKeys,
  ObjectPrototypeIsPrototypeOf,
  String,
  decodeURIComponent,
} = primordials;
const { Response, ResponsePrototype } = core.loadExtScript(
  "ext:deno_fetch/23_response.js",
);
const { URL } = core.loadExtScript("ext:deno_web/00_url.js");

// Failure kinds, by the names Rust's FailureKind deserialises.
const FAIL_THREW = "threw";
const FAIL_NOT_A_RESPONSE = "notAResponse";
const FAIL_INVALID = "invalid";

/** Formats a thrown value for the server log (stack when there is one). */
export function describeError(error) {
  if (error !== null && typeof error === "object" && "stack" in error) {
    const stack = error.stack;
    if (typeof stack === "string" && stack.length > 0) {
      // Frames of edgeroute's own glue say nothing about the user's bug.
      return ArrayPrototypeJoin(
        ArrayPrototypeFilter(
          StringPrototypeSplit(stack, "\n"),
          (line) =>
            !StringPrototypeIncludes(line, "(ext:") &&
            !StringPrototypeIncludes(line, "at ext:"),
        ),
        "\n",
      );
    }
  }
  try {
    return String(error);
  } catch {
    return "<unprintable value>";
  }
}

/** What Next.js names the type of a handler's non-Response result. */
function describeValue(value) {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "object") {
    return value.constructor?.name || "object";
  }
  return typeof value;
}

/** The route file's path, as Next.js names it in its messages. */
function routeFile(specifier) {
  try {
    return decodeURIComponent(new URL(specifier).pathname);
  } catch {
    return specifier;
  }
}

/**
 * A module's exports as `[name, isFunction]` pairs: which of them are
 * handlers is decided in Rust (edgeroute_routes::methods), the one place
 * Next.js's method list lives.
 */
function describeExports(ns) {
  return ArrayPrototypeMap(
    ObjectKeys(ns),
    (key) => [key, typeof ns[key] === "function"],
  );
}

/** What expectResponse() throws: the handler's result was not a Response. */
class NotAResponse {
  #brand;

  constructor(value) {
    this.value = value;
  }

  /** Whether `error` is one (a brand check: no user code runs). */
  static is(error) {
    return typeof error === "object" && error !== null && #brand in error;
  }
}

/**
 * `value`, the result of a handler, if it is a Response; throws otherwise
 * (handle() turns that into the "notAResponse" failure). The handler
 * caller calls it once per call, before it uses the Response.
 */
export function expectResponse(value) {
  if (!ObjectPrototypeIsPrototypeOf(ResponsePrototype, value)) {
    throw new NotAResponse(value);
  }
  return value;
}

/**
 * How a handler is called: it returns expectResponse() of what the
 * handler returned. A fourth argument, set for the app's proxy, holds
 * `{ basePath, trailingSlash }`; a fifth, set for a call made at build
 * time rather than for a client, says what the build asks
 * (`{ dynamic, revalidate, staticParams }`: ext/http/ops.rs); the sixth is
 * the route module, whose other exports (segment config) the caller may
 * read. next/* replaces this at snapshot time with Next.js's runner
 * (NextRequest, request store, navigation errors, the build's calls).
 */
let callHandler = async (handler, request, context) =>
  expectResponse(await handler(request, context));

/**
 * Installs the function every handler call goes through; like the
 * default one, it must return (or throw) what expectResponse() does.
 */
export function setHandlerCaller(caller) {
  callHandler = caller;
}

async function handle(ns, req, file) {
  let response;
  try {
    const request = toRequest(req);
    response = await callHandler(
      ns[req.export],
      request,
      toContext(req.params),
      req.proxy ?? undefined,
      req.prerender ?? undefined,
      ns,
    );
  } catch (error) {
    if (NotAResponse.is(error)) {
      // Next.js's words (next start 16.4.6, app-route module.js).
      let pathname = req.url;
      try {
        pathname = new URL(req.url).pathname;
      } catch {
        // The URL came from the server; keep it whole.
      }
      op_http_fail(
        req.id,
        FAIL_NOT_A_RESPONSE,
        `Error: No response is returned from route handler '${file}'. Expected a Response object but received '${
          describeValue(error.value)
        }' (method: ${req.method}, url: ${pathname}). Ensure you return a \`Response\` or a \`NextResponse\` in all branches of your handler.`,
      );
      return;
    }
    op_http_fail(req.id, FAIL_THREW, describeError(error));
    return;
  }
  try {
    await sendResponse(req.id, response, describeError);
  } catch (error) {
    try {
      op_http_fail(req.id, FAIL_INVALID, describeError(error));
    } catch {
      // Already answered (the failure came mid-stream and was reported
      // through the stream).
    }
  }
}

/**
 * Loads the route module at `specifier` and serves requests with it.
 * @param {string} specifier
 */
export async function serve(specifier) {
  let ns;
  try {
    ns = await import(specifier);
  } catch (error) {
    op_http_load_failed(describeError(error));
    return;
  }
  op_http_ready(describeExports(ns));
  const file = routeFile(specifier);
  while (true) {
    const next = await op_http_next();
    if (next === null) return;
    // The op's tuple (ext/http/ops.rs, IncomingRequest), named once here.
    const req = {
      id: next[0],
      method: next[1],
      url: next[2],
      headers: next[3],
      bodyRid: next[4],
      params: next[5],
      export: next[6],
      proxy: next[7],
      prerender: next[8],
    };
    handle(ns, req, file);
  }
}

/**
 * Runs a made-up request through the request path (Request, the handler
 * runner, Response.json, the answer's parts as the ops take them) without
 * answering anyone, so an isolate booted ahead of need compiles that code
 * before its route's first request rather than during it.
 */
export async function warm() {
  const req = {
    id: 0,
    method: "GET",
    url: "http://localhost/warm?q=1",
    headers: ["accept", "*/*", "host", "localhost"],
    bodyRid: null,
    params: [["id", "1"]],
    export: "GET",
  };
  const response = await callHandler(
    async (request, context) => {
      await context.params;
      return Response.json({ method: request.method, url: request.url });
    },
    toRequest(req),
    toContext(req.params),
  );
  responseParts(response);
}
