// Installs the Web platform globals route handlers see, from deno_web,
// deno_fetch and deno_crypto. Runs while the startup snapshot is built, so
// every script loaded here is part of the snapshot.
import { core, primordials } from "ext:core/mod.js";

// deno_core's wrapper of V8's native queueMicrotask (it reports throwing
// callbacks); `core` has no such member.
const { ObjectDefineProperty, queueMicrotask } = primordials;

const load = core.loadExtScript;
const webidl = load("ext:deno_webidl/00_webidl.js");
const url = load("ext:deno_web/00_url.js");
const urlPattern = load("ext:deno_web/01_urlpattern.js");
const console = load("ext:deno_web/01_console.js");
const domException = load("ext:deno_web/01_dom_exception.js");
const event = load("ext:deno_web/02_event.js");
const structuredClone = load("ext:deno_web/02_structured_clone.js");
const timers = load("ext:deno_web/02_timers.js");
const abortSignal = load("ext:deno_web/03_abort_signal.js");
const globalInterfaces = load("ext:deno_web/04_global_interfaces.js");
const base64 = load("ext:deno_web/05_base64.js");
const streams = load("ext:deno_web/06_streams.js");
const encoding = load("ext:deno_web/08_text_encoding.js");
const file = load("ext:deno_web/09_file.js");
const fileReader = load("ext:deno_web/10_filereader.js");
const messagePort = load("ext:deno_web/13_message_port.js");
const compression = load("ext:deno_web/14_compression.js");
const performance = load("ext:deno_web/15_performance.js");
const broadcastChannel = load("ext:deno_web/01_broadcast_channel.js");
const headers = load("ext:deno_fetch/20_headers.js");
const formData = load("ext:deno_fetch/21_formdata.js");
load("ext:deno_fetch/22_body.js");
load("ext:deno_fetch/22_http_client.js");
const request = load("ext:deno_fetch/23_request.js");
const response = load("ext:deno_fetch/23_response.js");
const fetch = load("ext:deno_fetch/26_fetch.js");
const eventSource = load("ext:deno_fetch/27_eventsource.js");
const crypto = load("ext:deno_crypto/00_crypto.js");

const nonEnumerable = core.propNonEnumerable;
const writable = core.propWritable;

core.defineGlobalProperties(globalThis, {
  // URL
  URL: nonEnumerable(url.URL),
  URLSearchParams: nonEnumerable(url.URLSearchParams),
  URLPattern: nonEnumerable(urlPattern.URLPattern),
  // DOM events and errors
  DOMException: nonEnumerable(domException.DOMException),
  Event: nonEnumerable(event.Event),
  EventTarget: nonEnumerable(event.EventTarget),
  CustomEvent: nonEnumerable(event.CustomEvent),
  ErrorEvent: nonEnumerable(event.ErrorEvent),
  CloseEvent: nonEnumerable(event.CloseEvent),
  MessageEvent: nonEnumerable(event.MessageEvent),
  ProgressEvent: nonEnumerable(event.ProgressEvent),
  PromiseRejectionEvent: nonEnumerable(event.PromiseRejectionEvent),
  reportError: writable(event.reportError),
  AbortController: nonEnumerable(abortSignal.AbortController),
  AbortSignal: nonEnumerable(abortSignal.AbortSignal),
  // Timers and scheduling
  setTimeout: writable(timers.setTimeout),
  clearTimeout: writable(timers.clearTimeout),
  setInterval: writable(timers.setInterval),
  clearInterval: writable(timers.clearInterval),
  queueMicrotask: writable(queueMicrotask),
  structuredClone: writable(structuredClone.structuredClone),
  // Encoding
  atob: writable(base64.atob),
  btoa: writable(base64.btoa),
  TextEncoder: nonEnumerable(encoding.TextEncoder),
  TextDecoder: nonEnumerable(encoding.TextDecoder),
  TextEncoderStream: nonEnumerable(encoding.TextEncoderStream),
  TextDecoderStream: nonEnumerable(encoding.TextDecoderStream),
  CompressionStream: nonEnumerable(compression.CompressionStream),
  DecompressionStream: nonEnumerable(compression.DecompressionStream),
  // Streams
  ReadableStream: nonEnumerable(streams.ReadableStream),
  ReadableStreamDefaultReader: nonEnumerable(
    streams.ReadableStreamDefaultReader,
  ),
  ReadableStreamBYOBReader: nonEnumerable(streams.ReadableStreamBYOBReader),
  ReadableStreamBYOBRequest: nonEnumerable(streams.ReadableStreamBYOBRequest),
  ReadableByteStreamController: nonEnumerable(
    streams.ReadableByteStreamController,
  ),
  ReadableStreamDefaultController: nonEnumerable(
    streams.ReadableStreamDefaultController,
  ),
  WritableStream: nonEnumerable(streams.WritableStream),
  WritableStreamDefaultWriter: nonEnumerable(
    streams.WritableStreamDefaultWriter,
  ),
  WritableStreamDefaultController: nonEnumerable(
    streams.WritableStreamDefaultController,
  ),
  TransformStream: nonEnumerable(streams.TransformStream),
  TransformStreamDefaultController: nonEnumerable(
    streams.TransformStreamDefaultController,
  ),
  ByteLengthQueuingStrategy: nonEnumerable(streams.ByteLengthQueuingStrategy),
  CountQueuingStrategy: nonEnumerable(streams.CountQueuingStrategy),
  // Files and messaging
  Blob: nonEnumerable(file.Blob),
  File: nonEnumerable(file.File),
  FileReader: nonEnumerable(fileReader.FileReader),
  MessageChannel: nonEnumerable(messagePort.MessageChannel),
  MessagePort: nonEnumerable(messagePort.MessagePort),
  BroadcastChannel: nonEnumerable(broadcastChannel.BroadcastChannel),
  // Fetch
  Headers: nonEnumerable(headers.Headers),
  FormData: nonEnumerable(formData.FormData),
  Request: nonEnumerable(request.Request),
  Response: nonEnumerable(response.Response),
  fetch: writable(fetch.fetch),
  EventSource: nonEnumerable(eventSource.EventSource),
  // Performance
  Performance: nonEnumerable(performance.Performance),
  PerformanceEntry: nonEnumerable(performance.PerformanceEntry),
  PerformanceMark: nonEnumerable(performance.PerformanceMark),
  PerformanceMeasure: nonEnumerable(performance.PerformanceMeasure),
  // Crypto
  Crypto: nonEnumerable(crypto.Crypto),
  CryptoKey: nonEnumerable(crypto.CryptoKey),
  SubtleCrypto: nonEnumerable(crypto.SubtleCrypto),
});

// Singletons whose getters must not run at snapshot time.
ObjectDefineProperty(globalThis, "performance", {
  __proto__: null,
  value: performance.performance,
  enumerable: true,
  configurable: true,
  writable: true,
});
ObjectDefineProperty(globalThis, "crypto", {
  __proto__: null,
  get() {
    return crypto.crypto;
  },
  enumerable: true,
  configurable: true,
});
/** The global console: what route code logs through. */
export const globalConsole = new console.Console((message, level) => {
  core.print(message, level > 1);
});
ObjectDefineProperty(globalThis, "console", {
  __proto__: null,
  value: globalConsole,
  enumerable: false,
  configurable: true,
  writable: true,
});

// WebSocket, which `next start` gives route handlers on both runtimes.
ObjectDefineProperty(
  globalThis,
  "WebSocket",
  core.propNonEnumerableLazyLoaded(
    (module) => module.WebSocket,
    core.createLazyLoader("ext:deno_websocket/01_websocket.js"),
  ),
);

// `self`, as in workers and on the edge.
ObjectDefineProperty(globalThis, "self", {
  __proto__: null,
  value: globalThis,
  enumerable: true,
  configurable: true,
  writable: true,
});

void webidl;
void globalInterfaces;
export const { setTimeOrigin } = performance;
