// CommonJS: require(), module.exports and exports for package files that
// are not ES modules. One module registry per isolate, keyed by file, so a
// file imported from ESM (through the wrapper the loader generates, which
// calls loadCommonJs) and required from CJS is evaluated once and shares
// its exports. Sources come from the process-wide module cache through
// op_node_require_source; resolution is the loader's (op_node_require_resolve).
(function () {
const { core, primordials } = __bootstrap;
const { op_node_require_resolve, op_node_require_source } = core.ops;
const {
  Error,
  FunctionPrototypeCall,
  JSONParse,
  SafeMap,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  decodeURIComponent,
} = primordials;

const PARAMS = ["exports", "require", "module", "__filename", "__dirname"];

const registry = new SafeMap();

class Module {
  constructor(filename, parent) {
    this.id = filename;
    this.filename = filename;
    this.path = dirname(filename);
    this.parent = parent;
    // Loaded by Node itself under `next start` (see createRequire).
    this.native = parent.native === true;
    this.exports = {};
    this.loaded = false;
    this.children = [];
  }
}

function dirname(filename) {
  const at = StringPrototypeLastIndexOf(filename, "/");
  return at <= 0 ? "/" : StringPrototypeSlice(filename, 0, at);
}

function resolve(specifier, parent) {
  try {
    return op_node_require_resolve(
      String(specifier),
      parent.filename,
      parent.native === true,
    );
  } catch (error) {
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
}

function makeRequire(module) {
  const require = (specifier) => requireFrom(specifier, module);
  require.resolve = (specifier) => {
    const found = resolve(specifier, module);
    return found.filename ?? found.url;
  };
  require.cache = {};
  return require;
}

function requireFrom(specifier, parent) {
  const found = resolve(specifier, parent);
  if (found.kind === "builtin") {
    return core.loadExtScript(found.script);
  }
  if (found.kind === "nodeBuiltin") {
    // deno_node's module, as its own require() hands it out.
    const { Module } = core.createLazyLoader("node:module")();
    return Module._load(`node:${found.name}`, null, false);
  }
  if (found.kind === "esModule") {
    const error = new Error(
      `require() of ES module ${found.filename} from ${parent.filename} is not supported; use import`,
    );
    error.code = "ERR_REQUIRE_ESM";
    throw error;
  }
  const cached = registry.get(found.filename);
  if (cached !== undefined) {
    return cached.exports;
  }
  const module = new Module(found.filename, parent);
  parent.children?.push(module);
  // Registered before it runs: a require cycle sees the partial exports,
  // as in Node.
  registry.set(found.filename, module);
  try {
    const source = op_node_require_source(found.filename);
    if (found.kind === "json") {
      module.exports = JSONParse(source);
    } else {
      const { 0: fn, 1: error } = core.compileFunction(
        source,
        found.url,
        undefined,
        PARAMS,
      );
      if (error) {
        throw error.thrown;
      }
      FunctionPrototypeCall(
        fn,
        module.exports,
        module.exports,
        makeRequire(module),
        module,
        found.filename,
        module.path,
      );
    }
  } catch (error) {
    registry.delete(found.filename);
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/** module.exports of the CommonJS file `filename` (an absolute path). */
function loadCommonJs(filename) {
  return requireFrom(filename, { filename, children: undefined });
}

/** `module.createRequire(url)`: require() as seen from the file at `url`
 * (a `file:` URL or an absolute path). */
function createRequire(url) {
  const filename = StringPrototypeStartsWith(url, "file:")
    ? decodeURIComponent(new URL(url).pathname)
    : url;
  // What this require loads, Node loads at run time outside the bundle:
  // with Node's own resolution.
  return makeRequire({ filename, children: undefined, native: true });
}

return { createRequire, loadCommonJs };
})();
