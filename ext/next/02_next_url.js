// NextURL: `request.nextUrl`, a URL with Next.js's extras (basePath,
// clone()). edgeroute serves apps without basePath or i18n config. The
// query arrives normalised as Next.js normalises it (grouped keys, form
// encoding): the server builds request.url that way (the one owner of the
// rule), and a NextURL keeps the search it is given, as Next's does.
(function () {
const { core, primordials } = __bootstrap;
const { JSONStringify, String, SymbolFor } = primordials;
const { URL } = core.loadExtScript("ext:deno_web/00_url.js");

class NextURL {
  #url;
  #basePath;

  constructor(input, base, options) {
    this.#url = new URL(String(input), base === undefined ? undefined : String(base));
    this.#basePath = options?.basePath ?? "";
  }

  get href() { return this.#url.href; }
  set href(value) { this.#url.href = value; }
  get origin() { return this.#url.origin; }
  get protocol() { return this.#url.protocol; }
  set protocol(value) { this.#url.protocol = value; }
  get username() { return this.#url.username; }
  set username(value) { this.#url.username = value; }
  get password() { return this.#url.password; }
  set password(value) { this.#url.password = value; }
  get host() { return this.#url.host; }
  set host(value) { this.#url.host = value; }
  get hostname() { return this.#url.hostname; }
  set hostname(value) { this.#url.hostname = value; }
  get port() { return this.#url.port; }
  set port(value) { this.#url.port = value; }
  get pathname() { return this.#url.pathname; }
  set pathname(value) { this.#url.pathname = value; }
  get search() { return this.#url.search; }
  set search(value) { this.#url.search = value; }
  get searchParams() { return this.#url.searchParams; }
  get hash() { return this.#url.hash; }
  set hash(value) { this.#url.hash = value; }
  get basePath() { return this.#basePath; }
  set basePath(value) { this.#basePath = value.startsWith("/") ? value : `/${value}`; }
  get buildId() { return undefined; }
  get locale() { return ""; }
  get defaultLocale() { return undefined; }
  get domainLocale() { return undefined; }

  toString() { return this.href; }
  toJSON() { return this.href; }

  clone() {
    return new NextURL(this.href, undefined, { basePath: this.#basePath });
  }

  [SymbolFor("Deno.customInspect")]() {
    return `NextURL { href: ${JSONStringify(this.href)}, pathname: ${
      JSONStringify(this.pathname)
    }, search: ${JSONStringify(this.search)} }`;
  }
}

return { NextURL };
})();
