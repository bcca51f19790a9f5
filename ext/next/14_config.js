// next.config evaluation: the file's default export (or module.exports),
// called as Next.js calls it when it is a function of
// `(phase, { defaultConfig })`, awaited, then `headers()`, `redirects()`
// and `rewrites()` awaited too. The result goes to Rust as JSON
// (edgeroute_rules::NextConfig reads and validates it); function-valued
// options such as `webpack` are dropped on the way, as they do not apply to
// route handlers.
(function () {
const { primordials } = __bootstrap;
const { Error, JSONStringify, ObjectAssign, ObjectFreeze } = primordials;

/** The phase `next start` loads its config in. */
const PHASE_PRODUCTION_SERVER = "phase-production-server";

/** What a config function receives as `defaultConfig`: Next's defaults of
 * the options edgeroute reads. */
const DEFAULT_CONFIG = ObjectFreeze({
  env: {},
  basePath: "",
  trailingSlash: false,
  skipTrailingSlashRedirect: false,
  skipProxyUrlNormalize: false,
  compress: true,
  poweredByHeader: true,
  generateEtags: true,
  cacheHandler: undefined,
  cacheMaxMemorySize: 50 * 1024 * 1024,
  distDir: ".next",
  pageExtensions: ["tsx", "ts", "jsx", "js"],
  images: {},
  experimental: {},
});

const ROUTE_FUNCTIONS = ["headers", "redirects", "rewrites"];

/** The module's config value: `export default`, or `module.exports`
 * (which a CommonJS file's namespace has as its default). */
function configOf(ns) {
  let config = ns.default;
  // A transpiled ES module required as CommonJS (`exports.default = ...`).
  if (
    config !== null && typeof config === "object" && config.__esModule === true &&
    config.default !== undefined
  ) {
    config = config.default;
  }
  return config;
}

async function loadNextConfig(specifier, file) {
  const ns = await import(specifier);
  let config = configOf(ns);
  if (typeof config === "function") {
    config = await config(PHASE_PRODUCTION_SERVER, {
      defaultConfig: DEFAULT_CONFIG,
    });
  } else {
    config = await config;
  }
  if (config === null || typeof config !== "object") {
    throw new Error(
      `${file} must export a config object or a function returning one, got ${
        config === null ? "null" : typeof config
      }`,
    );
  }
  const out = ObjectAssign({}, config);
  for (let i = 0; i < ROUTE_FUNCTIONS.length; i++) {
    const key = ROUTE_FUNCTIONS[i];
    const value = config[key];
    // Next.js ignores a value that is not a function.
    out[key] = typeof value === "function" ? await value() : undefined;
  }
  return JSONStringify(out);
}

return { loadNextConfig };
})();
