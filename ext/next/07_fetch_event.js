// NextFetchEvent: the second argument of a proxy (`proxy(request, event)`).
// `waitUntil(promise)` keeps work going after the answer, as Next.js's
// does; here the isolate outlives the request anyway, so the promise only
// needs its failure reported.
(function () {
const { core, primordials } = __bootstrap;
const {
  ArrayPrototypePush,
  Error,
  PromisePrototypeCatch,
  PromiseResolve,
  SymbolFor,
} = primordials;
const { reportError } = core.loadExtScript("ext:deno_web/02_event.js");

const REQUEST = SymbolFor("edgeroute.fetchEvent.request");
const PENDING = SymbolFor("edgeroute.fetchEvent.pending");

class NextFetchEvent {
  constructor(request, sourcePage = "/proxy") {
    this[REQUEST] = request;
    this[PENDING] = [];
    this.sourcePage = sourcePage;
  }

  /** Keeps `promise` running past the answer; its failure is logged. */
  waitUntil(promise) {
    ArrayPrototypePush(
      this[PENDING],
      PromisePrototypeCatch(PromiseResolve(promise), reportError),
    );
  }

  // The pre-12.2 signature, answered with Next.js's error.
  get request() {
    throw signatureError(this.sourcePage);
  }

  respondWith() {
    throw signatureError(this.sourcePage);
  }
}

function signatureError(page) {
  return new Error(`The middleware "${page}" accepts an async API directly with the form:
  
  export function middleware(request, event) {
    return NextResponse.redirect('/new-location')
  }
  
  Read more: https://nextjs.org/docs/messages/middleware-new-signature
  `);
}

return { NextFetchEvent };
})();
