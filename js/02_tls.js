// Stands in for `ext:deno_net/02_tls.js`, which deno_fetch's
// `Deno.createHttpClient` path loads. Route code has no `Deno` namespace,
// so client TLS key pairs can never be requested.
(function () {
  function loadTlsKeyPair(api) {
    throw new TypeError(`${api} is not available in edgeroute`);
  }
  return { loadTlsKeyPair };
})();
