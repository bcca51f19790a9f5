// NextURL: `request.nextUrl`, a URL with Next.js's extras (basePath,
// clone()). With a basePath (a proxy's request; a route's never has one,
// as in Next.js) `pathname` is the path inside it and `href` puts it back;
// there is no i18n. The
// query arrives normalised as Next.js normalises it (grouped keys, form
// encoding): the server builds request.url that way (the one owner of the
// rule), and a NextURL keeps the search it is given, as Next's does.
(function () {
const { core, primordials } = __bootstrap;
const {
  JSONStringify,
  String,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  SymbolFor,
} = primordials;
const { URL } = core.loadExtScript("ext:deno_web/00_url.js");

/** `pathname` without `basePath`, or undefined when it is not inside it. */
function insideBasePath(pathname, basePath) {
  if (pathname === basePath) return "/";
  if (StringPrototypeStartsWith(pathname, `${basePath}/`)) {
    return StringPrototypeSlice(pathname, basePath.length);
  }
  return undefined;
}

class NextURL {
  #url;
  #basePath;
  #trailingSlash;

  constructor(input, base, options) {
    this.#url = new URL(String(input), base === undefined ? undefined : String(base));
    const basePath = options?.nextConfig?.basePath ?? options?.basePath ?? "";
    this.#trailingSlash = options?.nextConfig?.trailingSlash ?? false;
    this.#basePath = "";
    if (basePath !== "") {
      const inside = insideBasePath(this.#url.pathname, basePath);
      if (inside !== undefined) {
        this.#basePath = basePath;
        this.#url.pathname = inside;
      }
    }
  }

  get href() {
    if (this.#basePath === "") return this.#url.href;
    const url = this.#url;
    let pathname = url.pathname;
    pathname = pathname === "/"
      ? (this.#trailingSlash ? `${this.#basePath}/` : this.#basePath)
      : `${this.#basePath}${pathname}`;
    return `${url.protocol}//${url.host}${pathname}${url.search}${url.hash}`;
  }
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
    return new NextURL(this.href, undefined, {
      nextConfig: { basePath: this.#basePath, trailingSlash: this.#trailingSlash },
    });
  }

  [SymbolFor("Deno.customInspect")]() {
    return `NextURL { href: ${JSONStringify(this.href)}, pathname: ${
      JSONStringify(this.pathname)
    }, search: ${JSONStringify(this.search)} }`;
  }
}

return { NextURL };
})();
